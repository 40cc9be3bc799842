// Upload forms marked data-envoi send their file with a progress bar; without JavaScript they
// post normally. The server answers with a redirect, which the page then follows.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-envoi]")) {
    form.addEventListener("submit", (event) => {
      if (!window.FormData || !window.XMLHttpRequest) return;
      event.preventDefault();
      const bar = form.querySelector(".envoi__progression");
      const state = form.querySelector(".envoi__etat");
      const button = form.querySelector("button[type=submit]");
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.addEventListener("progress", (progress) => {
        if (!progress.lengthComputable) return;
        const percent = Math.floor((progress.loaded / progress.total) * 100);
        bar.hidden = false;
        bar.value = percent;
        state.textContent = `Envoi : ${percent} %`;
      });
      request.addEventListener("load", () => {
        state.textContent = "Fichier reçu, enregistrement…";
        window.location.assign(request.responseURL || window.location.href);
      });
      request.addEventListener("error", () => {
        state.textContent = "L'envoi a échoué : vérifiez votre connexion et réessayez.";
        button.disabled = false;
      });
      button.disabled = true;
      request.send(new FormData(form));
    });
  }
});
