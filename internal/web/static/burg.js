// Burg: small scripts that enhance pages that already work without them.
// The comment toolbar, the nick buttons, the live preview and live comments.

const me = document.getElementById("burg-me");
const form = document.getElementById("comment-form");
if (form) enhanceCommentForm(form);
const thread = document.querySelector("#comments[data-live]");
if (thread && "EventSource" in window) followComments(thread);
markNew();
placeholdFailedImages();

// markNew marks the comments newer than the reader's last visit, which
// the page (the same for every reader) gives as #burg-me's data-prev.
function markNew() {
  const prev = me && Number(me.dataset.prev);
  if (!prev) return;
  for (const c of document.querySelectorAll(".p-comment[data-t]")) {
    if (Number(c.dataset.t) <= prev || c.classList.contains("burg-new")) continue;
    c.classList.add("burg-new");
    addNewMark(c);
  }
}

// addNewMark writes "new" in a comment's head: its colour is not the
// only sign.
function addNewMark(c) {
  const head = c.querySelector(".burg-comment-head");
  if (!head || head.querySelector(".burg-new-mark")) return;
  const mark = document.createElement("span");
  mark.className = "burg-new-mark";
  mark.textContent = "new";
  head.append(" ", mark);
}

function enhanceCommentForm(form) {
  const body = form.querySelector('textarea[name="body"]');
  const name = form.querySelector('input[name="name"]');
  const status = document.createElement("p");
  status.className = "burg-status";
  status.setAttribute("role", "status");
  form.querySelector(".burg-toolbar").after(status);
  let lastPasted = "";

  body.addEventListener("paste", (e) => {
    const t = (e.clipboardData && e.clipboardData.getData("text")) || "";
    if (/^https?:\/\/\S+$/.test(t.trim())) lastPasted = t.trim();
  });

  // wrap puts open and close around the selection (or around placeholder
  // at the cursor) and leaves the inner text selected.
  function wrap(open, close, placeholder = "") {
    const s = body.selectionStart, e = body.selectionEnd;
    const inner = body.value.slice(s, e) || placeholder;
    body.setRangeText(open + inner + close, s, e, "end");
    body.setSelectionRange(s + open.length, s + open.length + inner.length);
    changed();
  }

  function insert(text) {
    body.setRangeText(text, body.selectionStart, body.selectionEnd, "end");
    changed();
  }

  function changed() {
    body.focus();
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  const isURL = (s) => /^https?:\/\/[^\s"<>]+$/.test(s);

  function askURL(question, fallback = "https://") {
    const v = window.prompt(question, fallback);
    if (v === null) return "";
    const u = v.trim();
    if (!isURL(u)) {
      status.textContent = "That is not an address starting with http:// or https://.";
      return "";
    }
    return u;
  }

  const simple = { b: 1, i: 1, u: 1, s: 1, small: 1, big: 1, quote: 1 };
  const actions = {
    list() {
      const s = body.selectionStart, e = body.selectionEnd;
      const lines = body.value.slice(s, e).split("\n").filter((l) => l.trim() !== "");
      const items = (lines.length ? lines : [""]).map((l) => "[*] " + l.replace(/^\s*[-*]\s+/, ""));
      insert("[list]\n" + items.join("\n") + "\n[/list]");
    },
    url() {
      const sel = body.value.slice(body.selectionStart, body.selectionEnd);
      const u = isURL(sel.trim()) ? sel.trim() : askURL("Link to which address?");
      if (!u) return;
      if (sel && !isURL(sel.trim())) wrap("[url=" + u + "]", "[/url]");
      else insert("[url]" + u + "[/url]");
    },
    squish() {
      const sel = body.value.slice(body.selectionStart, body.selectionEnd).trim();
      if (isURL(sel)) return insert("[squish]" + sel + "[/squish]");
      if (lastPasted && body.value.includes(lastPasted)) {
        const at = body.value.lastIndexOf(lastPasted);
        body.setRangeText("[squish]" + lastPasted + "[/squish]", at, at + lastPasted.length, "end");
        lastPasted = "";
        return changed();
      }
      const u = askURL("Squish which long address?");
      if (u) insert("[squish]" + u + "[/squish]");
    },
    img() {
      const u = askURL("Address of the image?");
      if (u) insert("[img]" + u + "[/img]");
    },
    photo() {
      const input = document.createElement("input");
      input.type = "file";
      input.accept = "image/jpeg,image/png,image/gif,image/webp";
      input.addEventListener("change", () => upload(input.files[0]));
      input.click();
    },
  };

  async function upload(file) {
    if (!file) return;
    if (file.size > 5 * 1024 * 1024) {
      status.textContent = "The photo is larger than 5 MB.";
      return;
    }
    status.textContent = "Uploading " + file.name + "…";
    const data = new FormData();
    data.append("photo", file);
    try {
      const r = await fetch("/uploads", { method: "POST", body: data });
      const j = await r.json().catch(() => ({ error: "The upload failed (" + r.status + ")." }));
      if (!r.ok) throw new Error(j.error || "The upload failed.");
      // The size lets the page keep the picture's place before it loads.
      const size = j.width > 0 && j.height > 0 ? "=" + j.width + "x" + j.height : "";
      insert("[img" + size + "]" + j.url + "[/img]");
      status.textContent = "Photo added.";
    } catch (err) {
      status.textContent = err.message;
    }
  }
  form.uploadPhoto = upload; // for tests that cannot open a file picker

  // The toolbar is one stop of the Tab key; the arrow keys, Home and End
  // move along its buttons, as ARIA's toolbar pattern has it, and Tab
  // comes back to the button last used.
  const toolbar = form.querySelector(".burg-toolbar");
  const tools = [...toolbar.querySelectorAll("button")];
  const rove = (to) => {
    for (const b of tools) b.tabIndex = b === to ? 0 : -1;
  };
  rove(tools[0]);
  toolbar.addEventListener("focusin", (e) => {
    if (tools.includes(e.target)) rove(e.target);
  });
  toolbar.addEventListener("keydown", (e) => {
    const i = tools.indexOf(e.target);
    const step = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: tools.length - 1 }[e.key];
    if (i < 0 || step === undefined) return;
    e.preventDefault();
    const to = tools[(step + tools.length) % tools.length];
    rove(to);
    to.focus();
  });

  toolbar.addEventListener("click", (e) => {
    const btn = e.target.closest("button[data-tag]");
    if (!btn) return;
    e.preventDefault();
    status.textContent = "";
    const tag = btn.dataset.tag;
    if (simple[tag]) wrap("[" + tag + "]", "[/" + tag + "]");
    else if (actions[tag]) actions[tag]();
  });

  document.getElementById("pic-a-nic").addEventListener("click", async (e) => {
    e.preventDefault();
    try {
      const r = await fetch("/nick", { headers: { Accept: "application/json" } });
      if (!r.ok) throw new Error(String(r.status));
      name.value = (await r.json()).nick;
      name.dispatchEvent(new Event("input", { bubbles: true }));
    } catch {
      status.textContent = "No nick could be fetched; try again.";
    }
  });

  const original = document.getElementById("my-original-nic");
  original.addEventListener("click", (e) => {
    const nick = me && me.dataset.nick;
    if (!nick) return; // the server explains
    e.preventDefault();
    name.value = nick;
  });

  const preview = document.getElementById("live-preview");
  let timer = 0;
  body.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!body.value.trim()) {
        preview.hidden = true;
        return;
      }
      try {
        const r = await fetch("/preview", { method: "POST", body: new URLSearchParams({ body: body.value }) });
        if (!r.ok) return;
        preview.innerHTML = await r.text(); // rendered and sanitised by the server's markup
        preview.hidden = false;
      } catch {
        // the server preview stays one click away
      }
    }, 300);
  });
}

// followComments adds the comments that arrive while the page is open,
// each marked "new" in words, not only by its colour, and tells screen
// readers politely through the thread's status line (the page has it
// from the server, so that it is a live region before anything arrives):
// once for a burst, a moment after its last comment.
function followComments(thread) {
  const list = thread.querySelector(".burg-comment-list");
  const total = thread.querySelector(".burg-comment-total");
  const word = thread.querySelector(".burg-comment-word");
  const status = thread.querySelector(".burg-live-status");
  let arrived = [], timer = 0;
  const announce = () => {
    if (!status || !arrived.length) return;
    const last = arrived[arrived.length - 1];
    status.textContent = arrived.length === 1 ? "New: " + last + "." :
      arrived.length + " new comments; the last is " + last.replace(/^Comment/, "comment") + ".";
    arrived = [];
  };
  const src = new EventSource(thread.dataset.live + "?after=" + (thread.dataset.last || "0"));
  src.addEventListener("comment", (e) => {
    const tpl = document.createElement("template");
    tpl.innerHTML = e.data; // a comment rendered by the server
    const c = tpl.content.firstElementChild;
    if (!c || document.getElementById(c.id)) return;
    c.classList.add("burg-new", "burg-live");
    addNewMark(c);
    list.append(c);
    arrived.push(c.getAttribute("aria-label") || "a comment");
    clearTimeout(timer);
    timer = setTimeout(announce, 800);
    if (total) {
      const n = Number(total.textContent) + 1;
      total.textContent = String(n);
      if (word) word.textContent = n === 1 ? "comment" : "comments";
    }
  });
}

// Name boxes (see internal/voice): the entry's button opens and closes its
// box, Escape closes it again. Without this script CSS shows a box while
// its entry has focus; the class tells the style sheet the button rules.
document.documentElement.classList.add("burg-js");
document.addEventListener("click", (e) => {
  const button = e.target.closest && e.target.closest(".burg-name-term");
  if (button) setNameBox(button, button.getAttribute("aria-expanded") !== "true");
});
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape" || !e.target.closest) return;
  const name = e.target.closest(".burg-name");
  const button = name && name.querySelector(".burg-name-term");
  if (button && button.getAttribute("aria-expanded") === "true") {
    setNameBox(button, false);
    button.focus();
  }
});

function setNameBox(button, open) {
  const box = document.getElementById(button.getAttribute("aria-controls"));
  if (!box) return;
  button.setAttribute("aria-expanded", String(open));
  box.hidden = !open;
}

// placeholdFailedImages puts a box with the picture's text where a
// picture could not be loaded (its host does not answer, it is gone),
// rather than a blank gap. Errors do not bubble, so the listener
// captures them; pictures that failed before this script ran are found
// by their empty natural size.
function placeholdFailedImages() {
  const fail = (img) => {
    if (!img.isConnected || img.dataset.burgFailed) return;
    img.dataset.burgFailed = "1";
    const box = document.createElement("span");
    box.className = "burg-img-failed";
    box.setAttribute("role", "img");
    const text = img.alt || "Picture not available";
    box.setAttribute("aria-label", text);
    box.textContent = text;
    img.replaceWith(box);
  };
  document.addEventListener("error", (e) => {
    if (e.target instanceof HTMLImageElement) fail(e.target);
  }, true);
  for (const img of document.images) {
    if (img.complete && img.naturalWidth === 0 && img.currentSrc) fail(img);
  }
}
