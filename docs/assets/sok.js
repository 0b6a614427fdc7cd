/*
 * Medborgarlöften: the site search on /sok/ (overrides/sok.html), over the
 * index that hooks/citizen_promises/search_index.py writes into sokindex/.
 *
 * A query is cut into words and each word put to its Swedish stem exactly as
 * the index was (tests/test_search_browser.py compares the two on every word
 * of the example site). Then: the manifest, one shard of stems a word, the
 * results scored (rarer words count more, and each page's weight for the word
 * from the index: more in a short page and in the title), and a small file
 * for each result shown, with its title, summary and text. The
 * last word while it is being typed also finds the stems it begins.
 *
 * Everything from the index is put into the page as text (textContent and
 * <mark> elements), never as HTML. The words and the municipality go into
 * the address (?q=&kommun=), so the back button and a copied link show the
 * same search; the search box in every page's header sends ?q= here.
 */
(function () {
  "use strict";

  // ------------------------------------------------------------ words and stems

  // A word is at most 50 letters (search_index.MAX_WORD); a longer run is cut
  // into words of 50 and the rest, as the index was. With the u flag, {1,50}
  // counts characters, as Python does, not UTF-16 code units.
  var WORD = /[\p{L}\p{N}]{1,50}/gu;

  /* The words of a text as search_index.words() cuts them. */
  function words(text) {
    return text.normalize("NFC").toLowerCase().match(WORD) || [];
  }

  /*
   * The Swedish stem of a word: Snowball's own stemmer, generated from the
   * same swedish.sbl by the same Snowball version (3.1.1) as the Python
   * package that stemmed the index (assets/snowball/, loaded before this).
   * Snowball's JavaScript counts UTF-16 code units where Python counts
   * characters, so a letter beyond U+FFFF ("𝐀") goes in as a private-use
   * character, which words() never yields and the stemmer treats the same
   * way (no vowel, no ending), and comes back in order.
   */
  var stemmer = new SwedishStemmer();
  var ASTRAL = /[\u{10000}-\u{10FFFF}]/gu, STAND_IN = /\uE000/g;

  function stem(word) {
    var astral = word.match(ASTRAL), i = 0;
    if (!astral) return stemmer.stemWord(word);
    return stemmer.stemWord(word.replace(ASTRAL, "\uE000")).replace(STAND_IN, function () { return astral[i++]; });
  }

  // For the test that compares this with the index's own stems.
  window.mlSok = { words: words, stem: stem };

  // ------------------------------------------------------------ the index

  var PAGE_SIZE = 20;  // results shown at a time
  var PREFIX_MIN = 3;  // a word being typed finds the stems it begins from this length
  var PREFIX_SHARDS = 12;  // … unless so many shards begin with it that it says little yet
  var PREFIX_FACTOR = 0.6;  // a stem the word only begins counts less than the word itself

  var host = document.querySelector("[data-ml-search]");
  if (!host || !window.fetch) return;
  var form = host.querySelector("form");
  var input = host.querySelector("input[type=search]");
  var municipalitySelect = host.querySelector("select");
  var status = host.querySelector(".ml-search__status");
  var list = host.querySelector(".ml-search__results");
  var more = host.querySelector(".ml-search__more");
  var indexUrl = new URL(host.getAttribute("data-index"), document.baseURI);
  var rootUrl = new URL(host.getAttribute("data-root"), document.baseURI);

  var fetched = {};  // address → Promise of its JSON
  var manifest = null;

  function load(path, version) {
    var address = new URL(path, indexUrl).href + (version ? "?v=" + version : "");
    if (!fetched[address]) {
      fetched[address] = fetch(address, version ? {} : { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + address);
        return response.json();
      });
      fetched[address].catch(function () { delete fetched[address]; });
    }
    return fetched[address];
  }

  function loadManifest() {
    return load("index.json").then(function (data) {
      if (data.format !== 1) throw new Error("unknown index format " + data.format);
      manifest = data;
      manifest.keys = new Set(data.shards);
      return data;
    });
  }

  /* The shard number of the longest prefix `text` starts with, or -1. */
  function shardOf(text) {
    for (var length = text.length; length > 0; length--) {
      var key = text.slice(0, length);
      if (manifest.keys.has(key)) return manifest.shards.indexOf(key);
    }
    return -1;
  }

  /* The shards below `prefix`'s own (those whose prefixes begin with it), or
     null when there are more than PREFIX_SHARDS: the word says too little yet. */
  function shardsBelow(prefix) {
    var found = [];
    manifest.shards.forEach(function (key, number) {
      if (key.length > prefix.length && key.startsWith(prefix)) found.push(number);
    });
    return found.length > PREFIX_SHARDS ? null : found;
  }

  function loadShard(number) {
    return load("ord/" + number + ".json", manifest.version);
  }

  /* page number → weight, from a posting's gaps and weights. */
  function postings(entry) {
    var pages = new Map(), page = 0;
    entry[0].forEach(function (gap, i) {
      page += gap;
      pages.set(page, entry[1][i]);
    });
    return pages;
  }

  function rarity(count) {
    return Math.log(1 + manifest.pages / count);
  }

  /* page number → score for one word of the query: its stem and, while it is
     being typed, the stems it begins. */
  function scoresFor(term) {
    // The shard of the stem's longest prefix, which may also hold stems it begins.
    var own = shardOf(term.stem), shards = own >= 0 ? [own] : [];
    var below = term.prefix && term.stem.length >= PREFIX_MIN ? shardsBelow(term.stem) : null;
    // Too short to begin few enough stems: the word itself only, until more is typed.
    var prefix = below !== null;
    if (prefix) shards = shards.concat(below);
    return Promise.all(shards.map(loadShard)).then(function (loaded) {
      var scores = new Map();
      loaded.forEach(function (shard) {
        Object.keys(shard).forEach(function (found) {
          var exact = found === term.stem;
          if (!exact && !(prefix && found.startsWith(term.stem))) return;
          var pages = postings(shard[found]), weight = rarity(pages.size) * (exact ? 1 : PREFIX_FACTOR);
          pages.forEach(function (strength, page) {
            var score = weight * strength;
            if (!(scores.get(page) >= score)) scores.set(page, score);
          });
        });
      });
      return scores;
    });
  }

  function municipalityPages(slug) {
    if (!slug) return Promise.resolve(null);
    return load("kommuner/" + slug + ".json", manifest.version).then(function (gaps) {
      var pages = new Set(), page = 0;
      gaps.forEach(function (gap) { page += gap; pages.add(page); });
      return pages;
    }, function () { return new Set(); });  // a municipality with no searchable page
  }

  /* The query's words: each with its stem; the last one, while it is being
     typed (no space after it), also finds what it begins. */
  function terms(query) {
    var found = words(query), seen = {}, result = [];
    var typing = /[\p{L}\p{N}]$/u.test(query);
    found.forEach(function (word, i) {
      var term = { word: word, stem: stem(word), prefix: typing && i === found.length - 1 };
      var key = term.stem + (term.prefix ? "*" : "");
      if (!seen[key]) {
        seen[key] = true;
        result.push(term);
      }
    });
    return result;
  }

  /* Page numbers holding every word, best first; equal scores in index order. */
  function search(query, slug) {
    var wanted = terms(query);
    return Promise.all([Promise.all(wanted.map(scoresFor)), municipalityPages(slug)]).then(function (loaded) {
      var perTerm = loaded[0], only = loaded[1];
      if (!perTerm.length) return { terms: wanted, pages: [] };
      perTerm.sort(function (a, b) { return a.size - b.size; });
      var pages = [];
      perTerm[0].forEach(function (score, page) {
        if (only && !only.has(page)) return;
        for (var i = 1; i < perTerm.length; i++) {
          if (!perTerm[i].has(page)) return;
          score += perTerm[i].get(page);
        }
        pages.push([page, score]);
      });
      pages.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return { terms: wanted, pages: pages.map(function (p) { return p[0]; }) };
    });
  }

  /* What the results show of each page:
     [url, title, kind, municipality, iso date, date in words, summary, text]. */
  function rows(pages) {
    return Promise.all(pages.map(function (page) {
      return load("sidor/" + page + ".json", manifest.version);
    }));
  }

  // ------------------------------------------------------------ the page

  var EXCERPT_WORDS = 30;  // words around the first found in a page's text
  var EXCERPT_BEFORE = 8;  // … of them before it

  function isHit(word, wanted) {
    var own = stem(word.toLowerCase());
    return wanted.some(function (term) {
      return own === term.stem || (term.prefix && term.stem.length >= PREFIX_MIN && own.startsWith(term.stem));
    });
  }

  /* `text` as text nodes, with the words the query found in <mark>. */
  function marked(element, text, wanted) {
    var at = 0, match, source = text.normalize("NFC");
    WORD.lastIndex = 0;
    while ((match = WORD.exec(source)) !== null) {
      if (!isHit(match[0], wanted)) continue;
      element.appendChild(document.createTextNode(source.slice(at, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      element.appendChild(mark);
      at = match.index + match[0].length;
    }
    element.appendChild(document.createTextNode(source.slice(at)));
    return element;
  }

  /* The words of a page's text around the first one the query found, or null. */
  function excerpt(text, wanted) {
    var spans = [], match, source = text.normalize("NFC"), first = -1;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(source)) !== null) {
      if (first < 0 && isHit(match[0], wanted)) first = spans.length;
      spans.push([match.index, match.index + match[0].length]);
    }
    if (first < 0) return null;
    var from = Math.max(0, first - EXCERPT_BEFORE), to = Math.min(spans.length, from + EXCERPT_WORDS);
    return (from > 0 ? "… " : "") + source.slice(spans[from][0], spans[to - 1][1]) + (to < spans.length ? " …" : "");
  }

  function hasHit(text, wanted) {
    return (text.normalize("NFC").match(WORD) || []).some(function (word) { return isHit(word, wanted); });
  }

  function resultItem(row, wanted) {
    var text = row[7] || "";
    var item = document.createElement("li");
    item.className = "ml-search__result";
    var heading = document.createElement("h2");
    heading.className = "ml-search__title";
    var link = document.createElement("a");
    link.href = new URL(row[0], rootUrl).pathname;
    heading.appendChild(marked(link, row[1], wanted));
    item.appendChild(heading);
    var meta = document.createElement("p");
    meta.className = "ml-search__meta";
    meta.appendChild(document.createTextNode([row[2], row[3]].filter(Boolean).join(" · ")));
    if (row[4]) {
      meta.appendChild(document.createTextNode(" · "));
      var time = document.createElement("time");
      time.setAttribute("datetime", row[4]);
      time.textContent = row[5];
      meta.appendChild(time);
    }
    item.appendChild(meta);
    // The summary where it holds what was searched for, else the words around it in the page.
    var shown = row[6] && hasHit(row[6], wanted) ? row[6] : excerpt(text, wanted) || row[6];
    if (shown) {
      var summary = document.createElement("p");
      summary.className = "ml-search__summary";
      item.appendChild(marked(summary, shown, wanted));
    }
    return item;
  }

  var latest = 0;  // the newest search; answers to older ones are dropped
  var shown = { pages: [], terms: [], count: 0 };

  function say(text) {
    status.textContent = text;
  }

  function hits(count) {
    return count === 1 ? "1 träff" : count.toLocaleString("sv-SE") + " träffar";
  }

  function showMore(focusFirst) {
    var next = shown.pages.slice(shown.count, shown.count + PAGE_SIZE), ticket = latest;
    return rows(next).then(function (found) {
      if (ticket !== latest) return;
      var first = null;
      found.forEach(function (result) {
        var item = resultItem(result, shown.terms);
        first = first || item;
        list.appendChild(item);
      });
      shown.count += found.length;
      more.hidden = shown.count >= shown.pages.length;
      if (focusFirst && first) first.querySelector("a").focus();
    });
  }

  function keepInAddress(query, slug) {
    var url = new URL(window.location.href);
    if (query.trim()) url.searchParams.set("q", query); else url.searchParams.delete("q");
    if (slug) url.searchParams.set("kommun", slug); else url.searchParams.delete("kommun");
    window.history.replaceState(window.history.state, "", url);
  }

  function run() {
    var query = input.value, slug = municipalitySelect.value, ticket = ++latest;
    keepInAddress(query, slug);
    list.textContent = "";
    more.hidden = true;
    if (!words(query).length) {
      host.removeAttribute("aria-busy");
      say("");
      return Promise.resolve();
    }
    host.setAttribute("aria-busy", "true");
    return (manifest ? Promise.resolve(manifest) : loadManifest()).then(function () {
      return search(query, slug);
    }).then(function (result) {
      if (ticket !== latest) return;
      shown = { pages: result.pages, terms: result.terms, count: 0 };
      var place = slug ? " i " + municipalitySelect.options[municipalitySelect.selectedIndex].text : "";
      var asked = "«" + query.trim() + "»" + place;
      if (!result.pages.length) {
        say("Inga träffar för " + asked + ". Pröva ett annat ord" + (slug ? " eller Alla kommuner." : "."));
        return;
      }
      var count = hits(result.pages.length) + " för " + asked;
      say(result.pages.length > PAGE_SIZE ? count + ". De " + PAGE_SIZE + " bästa visas först." : count + ".");
      return showMore(false);
    }).catch(function () {
      if (ticket === latest) say("Sökningen kunde inte laddas. Försök igen om en stund.");
    }).then(function () {
      if (ticket === latest) host.setAttribute("aria-busy", "false");
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  municipalitySelect.addEventListener("change", run);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  more.addEventListener("click", function () { showMore(true); });

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  var wantedSlug = params.get("kommun") || "";
  if (Array.prototype.some.call(municipalitySelect.options, function (o) { return o.value === wantedSlug; })) {
    municipalitySelect.value = wantedSlug;
  }
  // Searching is what the page is for: the box gets the focus.
  input.focus();
  if (words(input.value).length) run();
})();
