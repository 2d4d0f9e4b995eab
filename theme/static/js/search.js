// The search page's enhancement (theme/templates/search.html): asks the
// Pagefind index of the page's language, merging its shards, and lists the
// results. Everything taken from the index (names, labels, excerpts) enters
// the page as DOM text, never as HTML. Budget: this file <= 10 KB.
//
// The index is fetched when the visitor reaches the form, not on page load.
// Filters only narrow a search for words: a search by filters alone makes
// Pagefind fetch every chunk of the index (megabytes for a large directory);
// the category, kecamatan and kota pages list those exhibitors instead.

const form = document.querySelector("form[data-bundles]");
if (form) start(form);

function start(form) {
  const text = form.dataset;
  const lang = document.documentElement.lang;
  const numbers = new Intl.NumberFormat(lang);
  const plurals = new Intl.PluralRules(lang);
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const query = form.elements.q;
  const selects = [...form.querySelectorAll("select[data-filter]")];
  const PAGE = 10;
  let ready = null;
  let found = [];
  let shown = 0;
  let latest = 0;
  let timer;

  const say = (message) => {
    status.textContent = message;
  };
  const index = () => {
    ready ??= load(text).catch(() => {
      form.hidden = true;
      say(text.textFailed);
      return null;
    });
    return ready;
  };
  const clear = () => {
    found = [];
    list.replaceChildren();
    more.parentElement.hidden = true;
  };

  async function run() {
    const id = ++latest;
    const term = query.value.trim();
    const filters = {};
    for (const select of selects) {
      if (select.value) filters[select.dataset.filter] = select.value;
    }
    remember(term, selects);
    if (!term) {
      clear();
      say(Object.keys(filters).length ? text.textWords : "");
      return;
    }
    say(text.textSearching);
    const pagefind = await index();
    if (!pagefind || id !== latest) return;
    const response = await pagefind.search(term, { filters });
    if (id !== latest) return;
    clear();
    found = response.results;
    shown = 0;
    await showMore(id);
    if (id !== latest) return;
    const count = found.length;
    const template = plurals.select(count) === "one" ? text.textOne : text.textOther;
    say(count ? template.replace("{count}", numbers.format(count)) : text.textNone);
  }

  async function showMore(id) {
    const next = found.slice(shown, shown + PAGE);
    const records = await Promise.all(next.map((result) => result.data()));
    if (id !== latest) return;
    list.append(...records.map(item));
    shown += next.length;
    more.parentElement.hidden = shown >= found.length;
  }

  form.hidden = false;
  form.addEventListener("focusin", index, { once: true });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
  for (const select of selects) select.addEventListener("change", run);
  more.addEventListener("click", async () => {
    const first = shown;
    await showMore(latest);
    list.children[first]?.querySelector("a")?.focus();
  });

  // A search kept in the address (shared, reloaded) runs at once.
  const params = new URLSearchParams(location.search);
  query.value = params.get("q") || "";
  for (const select of selects) {
    const value = params.get(select.name) || "";
    if ([...select.options].some((option) => option.value === value)) select.value = value;
  }
  if (query.value) run();
}

async function load(text) {
  const [first, ...others] = text.bundles.split(" ");
  const pagefind = await import(`${first}pagefind.js`);
  await pagefind.options({ basePath: first, baseUrl: text.baseUrl, excerptLength: 24 });
  await pagefind.init();
  await Promise.all(others.map((bundle) => pagefind.mergeIndex(bundle)));
  return pagefind;
}

// The address bar keeps the search, so that it can be shared or reloaded.
function remember(term, selects) {
  const params = new URLSearchParams();
  if (term) params.set("q", term);
  for (const select of selects) if (select.value) params.set(select.name, select.value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

function element(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

// One result: the name (a link), what it is and where, and the words around
// the match. Only site paths become links.
function item(data) {
  const meta = data.meta || {};
  const entry = element("li", "card search-result");
  const heading = element("h2", "card-title");
  const link = element("a");
  link.textContent = meta.title || data.url;
  if (/^\/(?!\/)/.test(data.url)) link.href = data.url;
  heading.append(link);
  const facts = element("p", "card-meta");
  facts.textContent = [meta.category || meta.kind, meta.kecamatan].filter(Boolean).join(" · ");
  const excerpt = element("p", "card-summary");
  appendExcerpt(excerpt, data.excerpt || "");
  entry.append(heading, facts, excerpt);
  return entry;
}

// Pagefind's excerpt is the page's text with `<` and `>` escaped and the
// matching words wrapped in <mark>: rebuilt here as text nodes and <mark>
// elements, so nothing in it is ever parsed as HTML.
function appendExcerpt(parent, excerpt) {
  let marked = false;
  for (const part of excerpt.split(/(<\/?mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
      continue;
    }
    if (!part) continue;
    const words = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    if (marked) {
      const mark = element("mark");
      mark.textContent = words;
      parent.append(mark);
    } else {
      parent.append(document.createTextNode(words));
    }
  }
}
