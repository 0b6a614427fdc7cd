// The site's own rules for Decap CMS on /admin/.
//
// Loaded before decap-cms.js: Decap waits for CMS.init(), so a published site
// whose mkdocs.yml names no repository shows a Swedish page saying so instead
// of Decap's English configuration error (data-start, from editor.py); under
// make redaktor Decap always starts, with its local backend.
//
// Decap has no rule across two fields and writes empty fields as "" or {}:
// before every save, an image without alternative text is refused with a
// Swedish message, and empty values are left out, so the file looks like a
// hand-written one and `make check` reads no blank field.
//
// The front matter format "frontmatter-text" (editor.py's FORMAT): Decap's own
// reads YAML 1.2, where `kommunen: 0412` is the number 412, `2024.100` is
// 2024.1 and a tag `08` is 8, and writes those numbers back. The site reads
// every value as the text written. This format reads it the same way (YAML's
// failsafe schema: text, lists and fields; empty and `null` are empty) and makes
// numbers only of what the form counts (a commitment's target, an update's
// progress) and a boolean of `draft`; it writes with the YAML library Decap
// uses (yaml 1.10.3, vendored in yaml/), which quotes any text a YAML 1.2 reader
// would take for a number, a boolean or nothing. So a file saved here reads as
// the same values as before, apart from the fields the writer changed.
window.CMS_MANUAL_INIT = true;

(function () {
  "use strict";

  var FORMAT = "frontmatter-text"; // editor.py's FORMAT
  var ORIGINAL_MARK = "medborgarloften_original"; // editor.py's ORIGINAL_MARK
  // Set on a file the format could not read; the save is then refused, so that
  // nothing in the file is lost to an empty form.
  var UNREADABLE = "medborgarloften_oläsbar";
  var YAML_LIBRARY = new URL("yaml/index.js", document.currentScript.src).href;
  // What a translation's front matter may hold (contract 2): a file with only
  // these is a translation (promises/<id>.<lang>.md), not a promise.
  var TRANSLATION_KEYS = ["title", "summary", "image_alt", "draft", "translator", "commitments", "areas", "units", "units_singular"];
  // The tags the site reads as the text written; every other tag it refuses.
  var TEXT_TAGS = ["tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"];
  // What the site's YAML reader (PyYAML) reads as written only inside double
  // quotes with escapes: control characters, and the line breaks YAML 1.1 knows
  // beyond \n (NEL, U+2028, U+2029), which it would fold into a space.
  var NEEDS_ESCAPE = /[^\n\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
  // Plain `=` and `<<` mean something else to a YAML 1.1 reader.
  var YAML_11_INDICATORS = ["=", "<<"];
  var COUNT = /^(0|[1-9][0-9]{0,14})$/;
  // The site cleans the front matter's text before it reads it (characters.py,
  // load.py's _clean_front_matter), with a warning: a line break other than \n
  // becomes a space, and control characters, lone surrogates, noncharacters
  // and direction controls are removed. Read the same way, a value is what the
  // site reads.
  var LINE_BREAKS = /[\x0B\x0C\x85\u2028\u2029]/g;
  var REMOVED = new RegExp("[\\x00-\\x08\\x0E-\\x1F\\x7F-\\x84\\x86-\\x9F\\uD800-\\uDFFF\\uFDD0-\\uFDEF\\uFFFE\\uFFFF" +
    "\\u202A-\\u202E\\u2066-\\u2069" + Array.from({ length: 16 }, function (_, plane) {
      return "\\u{" + (plane + 1).toString(16) + "FFFE}\\u{" + (plane + 1).toString(16) + "FFFF}";
    }).join("") + "]", "gu");
  // Decap sets form values with lodash's set(), which skips these keys: a
  // commitment with such an id has its progress and status fields named with a
  // `_` before it in the form (editor.py's form_name), mapped here both ways.
  var RESERVED_IDS = ["constructor", "prototype", "__proto__"];
  var PER_COMMITMENT = ["progress", "status"];

  var own = Object.prototype.hasOwnProperty;

  function has(object, key) {
    return own.call(object, key);
  }

  function isFields(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function setOwn(object, key, value) {
    // Not object[key] = value: a key `__proto__` would set the prototype.
    Object.defineProperty(object, key, { value: value, enumerable: true, writable: true, configurable: true });
  }

  // ------------------------------------------------------------- reading

  var EMPTY = {
    identify: function (value) { return value === null || value === undefined; },
    default: true,
    tag: "tag:yaml.org,2002:null",
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: function () { return null; },
    stringify: function () { return "null"; },
  };

  // gray-matter's split, as Decap's frontmatter format does it: front matter
  // between a first line `---` and the next line starting with `---`.
  function split(text) {
    if (text.slice(0, 3) !== "---" || text.charAt(3) === "-") {
      return { matter: null, content: text };
    }
    var rest = text.slice(3);
    var close = rest.indexOf("\n---");
    if (close === -1) {
      return { matter: rest, content: "" };
    }
    var content = rest.slice(close + 4);
    if (content.charAt(0) === "\r") content = content.slice(1);
    if (content.charAt(0) === "\n") content = content.slice(1);
    return { matter: rest.slice(0, close), content: content };
  }

  function each(node, visit) {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node.items)) {
      node.items.forEach(function (item) { each(item, visit); });
    } else if ("key" in node) {
      visit(node, true);
      each(node.key, visit);
      each(node.value, visit);
    } else {
      visit(node, false);
    }
  }

  function read(YAML, text) {
    var matter = text.replace(LINE_BREAKS, " ").replace(REMOVED, "");
    if (matter.replace(/^\s*#[^\n]+/gm, "").trim() === "") return {};
    var document = YAML.parseDocument(matter, { schema: "failsafe", customTags: [EMPTY], merge: true, prettyErrors: true });
    if (document.errors.length > 0) {
      var at = document.errors[0].linePos;
      // The front matter starts on the line of `---`: its lines are the file's.
      throw new Error("framsidans YAML har ett fel" + (at && at.start ? " på rad " + at.start.line : "") + "; make check säger vilket");
    }
    each(document.contents, function (node, isPair) {
      if (isPair && node.key && Array.isArray(node.key.items)) {
        throw new Error("ett fältnamn är en lista eller flera fält");
      }
      if (!isPair && node.tag && TEXT_TAGS.indexOf(node.tag) === -1) {
        throw new Error("YAML-taggen «" + node.tag.replace("tag:yaml.org,2002:", "!!") + "» används inte här");
      }
    });
    var data = document.toJSON();
    if (!isFields(data)) {
      throw new Error("framsidan är inte fält med namn och värden");
    }
    return data;
  }

  function count(value) {
    return typeof value === "string" && COUNT.test(value) ? Number(value) : value;
  }

  // The fields the form shows as numbers or a switch, made so from their text;
  // any other text (`007`, `fem`) stays text and reads back the same.
  function typed(data) {
    if (Array.isArray(data.commitments)) {
      data.commitments.forEach(function (commitment) {
        if (isFields(commitment) && has(commitment, "target")) commitment.target = count(commitment.target);
      });
    }
    if (has(data, "progress") && isFields(data.progress)) {
      Object.keys(data.progress).forEach(function (id) { setOwn(data.progress, id, count(data.progress[id])); });
    }
    renamed(data, function (id) { return RESERVED_IDS.indexOf(id) === -1 ? id : "_" + id; });
    if (data.draft === "true" || data.draft === "false") {
      data.draft = data.draft === "true";
    }
  }

  // progress and status with their keys renamed, in their order.
  function renamed(data, name) {
    PER_COMMITMENT.forEach(function (field) {
      if (!has(data, field) || !isFields(data[field])) return;
      var map = {};
      Object.keys(data[field]).forEach(function (id) { setOwn(map, name(id), data[field][id]); });
      data[field] = map;
    });
  }

  function isOriginal(data) {
    return Array.isArray(data.commitments) || Object.keys(data).some(function (key) {
      return key !== "body" && TRANSLATION_KEYS.indexOf(key) === -1;
    });
  }

  function fromFile(YAML, text) {
    var parts = split(text);
    var data;
    try {
      data = parts.matter === null ? {} : read(YAML, parts.matter);
      typed(data);
    } catch (error) {
      data = {};
      data[UNREADABLE] = error.message;
    }
    if (parts.content.trim()) setOwn(data, "body", parts.content);
    if (has(data, UNREADABLE) || isOriginal(data)) {
      // Seen by the promise collection's filter only: not enumerable, so it is
      // never a field of the form nor written to the file.
      Object.defineProperty(data, ORIGINAL_MARK, { value: true, enumerable: false });
    }
    return data;
  }

  // ------------------------------------------------------------- writing

  function hex(code, digits) {
    var text = code.toString(16).toUpperCase();
    while (text.length < digits) text = "0" + text;
    return text;
  }

  // A double-quoted YAML scalar that PyYAML and YAML 1.2 both read back as ``text``.
  function escaped(text) {
    var out = '"';
    Array.from(text).forEach(function (character) {
      var code = character.codePointAt(0);
      if (character === '"' || character === "\\") out += "\\" + character;
      else if (character === "\n") out += "\\n";
      else if (!NEEDS_ESCAPE.test(character)) out += character;
      else if (code < 0x100) out += "\\x" + hex(code, 2);
      else if (code < 0x10000) out += "\\u" + hex(code, 4);
      else out += "\\U" + hex(code, 8);
    });
    return out + '"';
  }

  // Decap's own order: the form's fields first, in its order; other keys keep theirs.
  function byFields(keys) {
    return function (a, b) {
      var i = keys.indexOf(a.key && a.key.toString());
      var j = keys.indexOf(b.key && b.key.toString());
      return i === -1 || j === -1 ? 0 : i > j ? 1 : i < j ? -1 : 0;
    };
  }

  function plain(value) {
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(plain);
    if (isFields(value)) {
      var copy = {};
      Object.keys(value).forEach(function (key) { setOwn(copy, key, plain(value[key])); });
      return copy;
    }
    return value;
  }

  function toFile(YAML, data, sortedKeys) {
    var body = typeof data.body === "string" ? data.body : "";
    var fields = {};
    Object.keys(data).forEach(function (key) {
      if (key !== "body" && key !== UNREADABLE) setOwn(fields, key, plain(data[key]));
    });
    renamed(fields, function (name) {
      return name.charAt(0) === "_" && RESERVED_IDS.indexOf(name.slice(1)) !== -1 ? name.slice(1) : name;
    });
    var node = YAML.createNode(fields);
    node.items.sort(byFields(sortedKeys || []));
    // Text the library would write bare or unescaped where PyYAML reads it
    // otherwise: quoted, or (with characters it needs escaped) a placeholder
    // replaced by our own double-quoted text once the document is written.
    var nonce = "medborgarloften-" + Math.random().toString(36).slice(2) + "-";
    var replaced = [];
    each(node, function (scalar, isPair) {
      if (isPair || typeof scalar.value !== "string") return;
      if (NEEDS_ESCAPE.test(scalar.value)) {
        replaced.push(escaped(scalar.value));
        scalar.value = nonce + (replaced.length - 1) + "-x";
      } else if (YAML_11_INDICATORS.indexOf(scalar.value) !== -1) {
        scalar.type = "QUOTE_DOUBLE";
      }
    });
    var document = new YAML.Document();
    document.contents = node;
    var matter = document.toString().trim();
    replaced.forEach(function (text, index) {
      matter = matter.split(nonce + index + "-x").join(text);
    });
    // gray-matter's layout, as Decap writes it: the body as it is, with no line break added.
    return (matter !== "{}" ? "---\n" + matter + "\n---\n" : "") + body;
  }

  // ------------------------------------------------------------- saving

  function blank(value) {
    return value === null || value === undefined || (typeof value === "string" && value.trim() === "") ||
      (isFields(value) && typeof value.toJS !== "function" && Object.keys(value).length === 0) ||
      (Array.isArray(value) && value.length === 0);
  }

  // Immutable values as Decap keeps them: Map and List have .toJS and .filter.
  function clean(value) {
    if (value && typeof value.toJS === "function" && typeof value.filter === "function") {
      var cleaned = value.map(clean).filter(function (item) {
        return !blank(item) && !(item && typeof item.size === "number" && typeof item.toJS === "function" && item.size === 0);
      });
      return cleaned;
    }
    return value;
  }

  // ------------------------------------------------------------- pictures

  // What the site publishes beside the content (hooks/citizen_promises/assets.py).
  // The published editor uploads straight to the repository, where a file of
  // another kind would be an error stopping the build: it is refused here, by
  // its name, before Decap reads it (make redaktor's server also checks the bytes).
  var PICTURE = /\.(png|jpe?g|gif|webp)$/i;
  var NOT_A_PICTURE = " laddas inte upp: redigeraren tar bara emot bilder i PNG, JPEG, WebP och GIF " +
    "(SVG-bilder kan bära skript). Spara bilden som PNG (kartor och diagram) eller JPEG (foton) i ett bildprogram och ladda upp den igen.";

  function refuseOtherFiles(event) {
    var input = event.target;
    if (!input || input.type !== "file" || !input.files) return;
    var refused = Array.from(input.files).filter(function (file) { return !PICTURE.test(file.name); });
    if (refused.length === 0) return;
    // Before React's own listener on its root: Decap never sees the file.
    event.stopImmediatePropagation();
    input.value = "";
    window.alert("«" + refused[0].name + "»" + NOT_A_PICTURE);
  }

  function beforeSave(event) {
    var data = event.entry.get("data");
    var unreadable = data.get(UNREADABLE);
    if (unreadable) {
      throw new Error(
        event.entry.get("path") + " kunde inte läsas (" + unreadable + "). Rätta filen i en textredigerare och kör make check; " +
        "redigeraren sparar den inte, så att inget i den går förlorat."
      );
    }
    var image = data.get("image");
    if (!blank(image) && !PICTURE.test(String(image))) {
      throw new Error("«" + image + "»" + NOT_A_PICTURE);
    }
    if (!blank(data.get("image")) && blank(data.get("image_alt"))) {
      throw new Error(
        "Bilden saknar alternativtext. Skriv i fältet »Alternativtext till bilden« vad bilden visar, eller ta bort bilden."
      );
    }
    var body = data.get("body");
    var result = clean(data.delete("body"));
    // draft: false says nothing; only a draft is marked.
    if (result.get("draft") === false) {
      result = result.delete("draft");
    }
    return body === undefined ? result : result.set("body", body);
  }

  // ------------------------------------------------------------- starting

  function start(YAML, error) {
    if (document.documentElement.getAttribute("data-start") !== "ja") {
      document.getElementById("inte-installd").hidden = false;
      return;
    }
    if (!YAML) {
      failed(error);
      return;
    }
    window.CMS.registerCustomFormat(FORMAT, "md", {
      fromFile: function (text) { return fromFile(YAML, text); },
      toFile: function (data, sortedKeys) { return toFile(YAML, data, sortedKeys); },
    });
    window.CMS.registerEventListener({ name: "preSave", handler: beforeSave });
    document.addEventListener("change", refuseOtherFiles, true);
    window.CMS.init();
  }

  function failed(error) {
    console.error(error);
    var message = document.createElement("p");
    message.setAttribute("role", "alert");
    message.textContent = "Redigeraren kunde inte starta: filen yaml/index.js bredvid sidan kunde inte läsas. " +
      "Ladda om sidan; hjälper inte det, bygg webbplatsen på nytt (make build eller make redaktor).";
    document.body.appendChild(message);
  }

  var loaded = new Promise(function (resolve) {
    // decap-cms.js has run by then: it is the next script in the page.
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve);
    else resolve();
  });
  var library = import(YAML_LIBRARY).then(
    function (module) { return { YAML: module.YAML }; },
    function (error) { return { error: error }; }
  );
  Promise.all([library, loaded]).then(function (results) { start(results[0].YAML, results[0].error); });
})();
