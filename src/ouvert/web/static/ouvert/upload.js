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
      request.setRequestHeader("X-Envoi", "1");
      request.responseType = "json";
      request.upload.addEventListener("progress", (progress) => {
        if (!progress.lengthComputable) return;
        const percent = Math.floor((progress.loaded / progress.total) * 100);
        bar.hidden = false;
        bar.value = percent;
        state.textContent = `Envoi : ${percent} %`;
      });
      request.addEventListener("load", () => {
        const answer = request.response;
        if (request.status >= 400 || !answer || !answer.location) {
          state.textContent = "Le serveur a refusé l'envoi : rechargez la page pour voir pourquoi.";
          button.disabled = false;
          return;
        }
        state.textContent = "Fichier reçu.";
        window.location.assign(answer.location);
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
