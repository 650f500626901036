// The new-incident and new-maintenance forms' submit button says what will happen with the visibility chosen:
// publish to everyone (and how many subscribers are told, unless a notify box is unticked), save for the team,
// or publish to N audiences.
// Without JavaScript the button keeps its neutral label. Labels come from the form's data attributes.
(() => {
  for (const form of document.querySelectorAll("form[data-visibility-labels]")) {
    const button = form.querySelector("button[data-visibility-submit]");
    if (!button) continue;
    const d = form.dataset;
    const update = () => {
      const choice = form.querySelector("input[name=visibility]:checked")?.value;
      const drill = form.querySelector("input[name=drill]")?.checked;
      const quiet = d.labelPublicQuiet && form.querySelector("input[name=notify]")?.checked === false;
      let label = d.labelNeutral;
      if (drill || choice === "internal") label = d.labelInternal;
      else if (choice === "public") label = quiet ? d.labelPublicQuiet : d.labelPublic;
      else if (choice === "restricted") {
        const n = form.querySelectorAll("input[name=audiences]:checked").length;
        label = (n === 1 ? d.labelRestrictedOne : d.labelRestrictedOther).replace("{count}", String(n));
      }
      button.textContent = label;
    };
    form.addEventListener("change", update);
    update();
  }
})();
