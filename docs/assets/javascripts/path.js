/* A learning path's progress: steps whose pages you opened are marked done (learn.js keeps
   the record in localStorage); "Clear my progress" forgets this path's steps. */
import { at, remember, visited } from "./learn.js";

export function mount(list) {
  const steps = [...list.querySelectorAll(".dl-step")];
  const status = document.querySelector(".dl-path-progress");
  const clear = document.querySelector(".dl-path-clear");
  function mark() {
    const seen = visited();
    let done = 0;
    for (const step of steps) {
      const link = step.querySelector("a");
      const on = seen.has(at(link.href));
      let tag = step.querySelector(".dl-step-done");
      if (on && !tag) {
        tag = document.createElement("span");
        tag.className = "dl-step-done";
        tag.textContent = "done";
        link.after(" ", tag);
      } else if (!on && tag) tag.remove();
      step.classList.toggle("dl-done", on);
      done += on;
    }
    status.textContent = `${done} of ${steps.length} steps done (kept in this browser only).`;
    clear.hidden = !done;
  }
  clear.querySelector("button").addEventListener("click", () => {
    const seen = visited();
    for (const step of steps) seen.delete(at(step.querySelector("a").href));
    remember(seen);
    mark();
  });
  mark();
}
