#!/usr/bin/env node
// make redaktor's local server: Decap CMS's local backend (decap-server's own
// middleware, from node_modules/decap-server/dist/middlewares.js) behind the
// rules that make it the editor's alone.
//
// decap-server as shipped answers any page on localhost (its CORS allows every
// localhost origin), any Host (so a DNS-rebinding page reaches it), and reads
// and writes any file in the project: hooks/ and .git/hooks/ too, whose code
// runs at the next `make check` or commit. Here, before decap-server sees a
// request:
//
// - its Host must be this server's own address (127.0.0.1:<port> or
//   localhost:<port>): a rebinding page's request names its own host;
// - its Origin must be exactly the preview's (REDAKTOR_ORIGIN, by default
//   http://127.0.0.1:8000, where `make redaktor` serves /admin/), and CORS
//   answers that origin only: another page on this machine cannot write, and
//   cannot read an answer;
// - every path it names must lie inside promises/ or updates/, as written
//   (relative, no `..`) and on disk (its real path, links resolved); a file
//   that is a symbolic link is not written through;
// - a text is a .md file, and an upload is a PNG, JPEG, WebP or GIF picture
//   whose bytes are what its name says (no SVG: it can carry a script);
// - its body is at most MAX_BODY.
//
// A refusal is 403 with a Swedish sentence in {"error": …}, which Decap shows.
//
// Environment: PORT (8081), BIND_HOST (127.0.0.1; only a loopback address is
// accepted), REDAKTOR_ORIGIN, GIT_REPO_DIRECTORY (the project; by default the
// working directory), LOG_LEVEL (decap-server's: warn, info, debug).
"use strict";

const fs = require("fs");
const path = require("path");
// decap-server's own express and cors: the ones its middleware is built for.
const decapServer = path.dirname(require.resolve("decap-server/package.json"));
const express = require(require.resolve("express", { paths: [decapServer] }));
const cors = require(require.resolve("cors", { paths: [decapServer] }));
const { registerLocalFs } = require("decap-server/dist/middlewares.js");

const PORT = Number.parseInt(process.env.PORT || "8081", 10);
const BIND_HOST = process.env.BIND_HOST || "127.0.0.1";
const ORIGIN = process.env.REDAKTOR_ORIGIN || "http://127.0.0.1:8000";
const ROOT = path.resolve(process.env.GIT_REPO_DIRECTORY || process.cwd());
const FOLDERS = ["promises", "updates"];
// A picture of a few megabytes, in base64 inside JSON; a text is far smaller.
const MAX_BODY_MB = 16;
const MAX_DEPTH = 10;
const MAX_PATH = 1000;
const LOOPBACK = ["127.0.0.1", "::1", "localhost"];
const HOSTS = [`127.0.0.1:${PORT}`, `localhost:${PORT}`];

// decap-server's local file system actions, and what in each names a path.
// Anything else (the editorial workflow's branches) is refused.
const READ = "read";
const WRITE = "write";
const ACTIONS = {
  info: () => [],
  getDeployPreview: () => [],
  entriesByFolder: (p) => [[READ, p.folder]],
  entriesByFiles: (p) => (Array.isArray(p.files) ? p.files : [undefined]).map((file) => [READ, file && file.path]),
  getEntry: (p) => [[READ, p.path]],
  getMedia: (p) => [[READ, p.mediaFolder]],
  getMediaFile: (p) => [[READ, p.path]],
  persistEntry: (p) => {
    const files = Array.isArray(p.dataFiles) ? p.dataFiles : [p.entry];
    const assets = Array.isArray(p.assets) ? p.assets : [];
    return [
      ...files.flatMap((file) => [[WRITE, file && file.path], ...(file && file.newPath !== undefined ? [[WRITE, file.newPath]] : [])]),
      ...assets.map((asset) => [WRITE, asset && asset.path]),
    ];
  },
  persistMedia: (p) => [[WRITE, p.asset && p.asset.path]],
  deleteFile: (p) => [[WRITE, p.path]],
  deleteFiles: (p) => (Array.isArray(p.paths) && p.paths.length > 0 ? p.paths : [undefined]).map((name) => [WRITE, name]),
};

// What the site publishes beside the content, by its first bytes (hooks/citizen_promises/assets.py).
const PICTURES = [
  { extensions: [".png"], name: "PNG-bild", test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { extensions: [".jpg", ".jpeg"], name: "JPEG-bild", test: (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) },
  { extensions: [".gif"], name: "GIF-bild", test: (b) => ["GIF87a", "GIF89a"].includes(b.subarray(0, 6).toString("latin1")) },
  { extensions: [".webp"], name: "WebP-bild", test: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP" },
];
const SAVE_AS_PICTURE = "Spara bilden som PNG (kartor och diagram) eller JPEG (foton) i ett bildprogram och ladda upp den igen.";

class Refusal extends Error {}

function preview() {
  return `${ORIGIN}/admin/`;
}

// ------------------------------------------------------------------ paths

function insideFolders(real, root) {
  return FOLDERS.some((folder) => {
    const base = path.join(root, folder);
    return real === base || real.startsWith(base + path.sep);
  });
}

function lstatOrNull(file) {
  try {
    return fs.lstatSync(file);
  } catch (error) {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return null;
    throw error;
  }
}

// Refuses ``name`` unless it is a path inside promises/ or updates/, as
// written and on disk: the real path of the file, or for a file yet to be
// written of its nearest existing folder, lies inside one of them.
function checkPath(name, mode) {
  if (typeof name !== "string" || name === "" || name.length > MAX_PATH || /[\0\\]/.test(name)) {
    throw new Refusal("Redigeraren fick en sökväg den inte kan läsa. Ladda om sidan och försök igen.");
  }
  const parts = name.split("/");
  const outside = `Redigeraren läser och skriver bara filer i mapparna promises/ och updates/, inte «${name.slice(0, 200)}».`;
  if (path.posix.isAbsolute(name) || !FOLDERS.includes(parts[0]) || parts.some((part) => part === "" || part === "." || part === "..")) {
    throw new Refusal(outside);
  }
  const root = fs.realpathSync(ROOT);
  let existing = path.join(ROOT, ...parts);
  const stat = lstatOrNull(existing);
  if (stat && stat.isSymbolicLink() && mode === WRITE) {
    throw new Refusal(`«${name}» är en symbolisk länk, och redigeraren skriver inte genom länkar. Ta bort länken (git rm) och spara igen.`);
  }
  while (lstatOrNull(existing) === null) {
    existing = path.dirname(existing);
  }
  if (!insideFolders(fs.realpathSync(existing), root)) {
    throw new Refusal(outside);
  }
}

function pictureProblem(name, base64) {
  const extension = path.posix.extname(name).toLowerCase();
  const shown = path.posix.basename(name);
  if (extension === ".svg" || extension === ".svgz") {
    throw new Refusal(`«${shown}» laddas inte upp: redigeraren tar inte emot SVG-bilder, som kan bära skript. ${SAVE_AS_PICTURE}`);
  }
  const picture = PICTURES.find((kind) => kind.extensions.includes(extension));
  if (!picture) {
    throw new Refusal(`«${shown}» laddas inte upp: redigeraren tar bara emot bilder i PNG, JPEG, WebP och GIF. ${SAVE_AS_PICTURE}`);
  }
  const bytes = Buffer.from(typeof base64 === "string" ? base64 : "", "base64");
  if (!picture.test(bytes)) {
    throw new Refusal(`«${shown}» laddas inte upp: filen heter ${extension} men är ingen ${picture.name}. ${SAVE_AS_PICTURE}`);
  }
}

function checkAction(body) {
  const action = body && typeof body === "object" ? body.action : undefined;
  if (typeof action !== "string" || !Object.prototype.hasOwnProperty.call(ACTIONS, action)) {
    throw new Refusal(`Redigerarens lokala server känner inte till åtgärden «${String(action).slice(0, 50)}».`);
  }
  const params = body.params && typeof body.params === "object" ? body.params : {};
  for (const [mode, name] of ACTIONS[action](params)) {
    checkPath(name, mode);
  }
  if (action === "entriesByFolder" && !(Number.isInteger(params.depth) && params.depth >= 1 && params.depth <= MAX_DEPTH)) {
    throw new Refusal("Redigeraren bad om en mapp på ett djup den inte behöver. Ladda om sidan och försök igen.");
  }
  if (action === "persistEntry") {
    for (const file of Array.isArray(params.dataFiles) ? params.dataFiles : [params.entry]) {
      for (const name of [file.path, file.newPath].filter((n) => n !== undefined)) {
        if (!name.endsWith(".md")) {
          throw new Refusal(`Redigeraren sparar texter bara som .md-filer, inte som «${name.slice(0, 200)}».`);
        }
      }
    }
    for (const asset of Array.isArray(params.assets) ? params.assets : []) {
      pictureProblem(asset.path, asset.content);
    }
  }
  if (action === "persistMedia") {
    pictureProblem(params.asset.path, params.asset.content);
  }
}

// A listing may name a file that is a link out of the content folders (a
// committed symbolic link): it is left out of the answer, never read out.
function keptInListing(item) {
  const name = item && (item.file ? item.file.path : item.path);
  try {
    checkPath(name, READ);
    return true;
  } catch (error) {
    if (error instanceof Refusal) return false;
    throw error;
  }
}

// ------------------------------------------------------------------ the app

function refuse(response, message) {
  response.status(403).json({ error: message });
}

function guard(request, response, next) {
  if (!HOSTS.includes(request.headers.host || "")) {
    console.warn(`Nekade en begäran till värden ${JSON.stringify(request.headers.host || "")}.`);
    refuse(response, `Redigerarens lokala server svarar bara på ${HOSTS[0]}. Öppna redigeraren på ${preview()}.`);
    return;
  }
  if (request.headers.origin !== ORIGIN) {
    console.warn(`Nekade en begäran från ${JSON.stringify(request.headers.origin || "(ingen sida)")}.`);
    refuse(response, `Redigerarens lokala server tar bara emot ändringar från redigeraren på ${preview()}. Öppna redigeraren där.`);
    return;
  }
  next();
}

function checked(request, response, next) {
  try {
    checkAction(request.body);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    console.warn(error.message);
    refuse(response, error.message);
    return;
  }
  const action = request.body.action;
  if (action === "entriesByFolder" || action === "getMedia") {
    const json = response.json.bind(response);
    response.json = (answer) => json(Array.isArray(answer) ? answer.filter(keptInListing) : answer);
  }
  next();
}

function unreadable(error, request, response, next) {
  if (error && error.type === "entity.too.large") {
    refuse(response, `Det som skulle sparas är större än ${MAX_BODY_MB} MB. Förminska bilden (1600 pixlar bred räcker) och försök igen.`);
    return;
  }
  if (error && error.type === "entity.parse.failed") {
    refuse(response, "Redigerarens lokala server kunde inte läsa begäran. Ladda om sidan och försök igen.");
    return;
  }
  next(error);
}

async function main() {
  if (!LOOPBACK.includes(BIND_HOST)) {
    console.error(`BIND_HOST=${BIND_HOST}: redigerarens lokala server lyssnar bara på den här datorn (127.0.0.1), aldrig på nätet.`);
    process.exit(2);
  }
  if (!/^https?:\/\/[^/\s]+$/.test(ORIGIN)) {
    console.error(`REDAKTOR_ORIGIN=${ORIGIN}: skriv förhandsvisningens adress utan snedstreck på slutet, till exempel http://127.0.0.1:8000.`);
    process.exit(2);
  }
  // decap-server's CORS takes its origin from ORIGIN: this one only.
  process.env.ORIGIN = ORIGIN;
  process.env.GIT_REPO_DIRECTORY = ROOT;
  const app = express();
  app.disable("x-powered-by");
  app.use(guard);
  app.use(cors({ origin: ORIGIN }));
  // Parsed here, bounded; decap-server's own parser (50 MB) then finds it parsed.
  app.use(express.json({ limit: `${MAX_BODY_MB}mb` }));
  app.use(unreadable);
  app.post("/api/v1", checked);
  await registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || "warn" });
  app.listen(PORT, BIND_HOST, () => {
    console.log(`Redigerarens lokala server på http://${HOSTS[0]}, för ${preview()}, i ${ROOT}`);
  });
}

main();
