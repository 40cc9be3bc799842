// Aperçu d'un tableau : pages, tri et filtre par l'API tabulaire (/api/resources/{id}/data/).
// Tout le texte des cellules passe par textContent : jamais de HTML venu des données.
(function () {
  "use strict";
  var PAGE_SIZE = 20;
  var TEXT_TYPES = { string: true };

  function formatValue(value, column) {
    var type = column.type;
    if (value === null || value === undefined) return "";
    if (type === "boolean") return value ? "oui" : "non";
    // Codes and years as written (75019, 2014); only quantities get their thousands spaced.
    if ((type === "number" || type === "integer") && typeof value === "number") {
      if (!column.grouped) return String(value).replace(".", ",");
      return value.toLocaleString("fr-FR", { maximumFractionDigits: 12 });
    }
    if (type === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      var parts = value.split("-");
      return parts[2] + "/" + parts[1] + "/" + parts[0];
    }
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function setup(section) {
    var columns = JSON.parse(section.querySelector("script[type='application/json']").textContent);
    var state = { page: 1, sort: null, direction: "asc", filterColumn: null, filterValue: "" };
    var holder = section.querySelector("[data-apercu-tableau]");
    var previous = section.querySelector("[data-apercu-precedent]");
    var next = section.querySelector("[data-apercu-suivant]");
    var position = section.querySelector("[data-apercu-position]");
    var form = section.querySelector("[data-apercu-filtre]");

    function url() {
      var params = new URLSearchParams();
      params.set("page", state.page);
      params.set("page_size", PAGE_SIZE);
      if (state.sort) params.set(state.sort + "__sort", state.direction);
      if (state.filterColumn && state.filterValue !== "") {
        var type = columns.filter(function (c) { return c.name === state.filterColumn; })[0].type;
        var operator = TEXT_TYPES[type] ? "__contains" : "__exact";
        params.set(state.filterColumn + operator, state.filterValue);
      }
      return section.dataset.api + "?" + params.toString();
    }

    function message(text) {
      holder.textContent = "";
      var p = document.createElement("p");
      p.className = "discret";
      p.textContent = text;
      holder.appendChild(p);
    }

    function render(body) {
      var table = document.createElement("table");
      table.className = "tableau tableau--apercu";
      var caption = document.createElement("caption");
      caption.className = "sr-only";
      caption.textContent = "Aperçu, page " + state.page;
      table.appendChild(caption);
      var head = document.createElement("thead");
      var headRow = document.createElement("tr");
      columns.forEach(function (column) {
        var th = document.createElement("th");
        th.scope = "col";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "apercu__tri";
        button.textContent = column.label;
        var sorted = state.sort === column.name;
        th.setAttribute("aria-sort", sorted ? (state.direction === "asc" ? "ascending" : "descending") : "none");
        button.title = "Trier par « " + column.label + " »";
        button.addEventListener("click", function () {
          if (state.sort === column.name) {
            state.direction = state.direction === "asc" ? "desc" : "asc";
          } else {
            state.sort = column.name;
            state.direction = "asc";
          }
          state.page = 1;
          load();
        });
        th.appendChild(button);
        headRow.appendChild(th);
      });
      head.appendChild(headRow);
      table.appendChild(head);
      var tbody = document.createElement("tbody");
      body.data.forEach(function (row) {
        var tr = document.createElement("tr");
        columns.forEach(function (column) {
          var td = document.createElement("td");
          td.textContent = formatValue(row[column.name], column);
          if (column.type === "number" || column.type === "integer") td.className = "nombre";
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      holder.textContent = "";
      var wrapper = document.createElement("div");
      wrapper.className = "tableau-defilant";
      wrapper.tabIndex = 0;
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", "Aperçu défilant");
      wrapper.appendChild(table);
      holder.appendChild(wrapper);
      var total = body.meta.total;
      var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      position.textContent = total === 0 ? "Aucune ligne" :
        "Page " + state.page + " sur " + pages + " (" + total.toLocaleString("fr-FR") + " ligne" + (total > 1 ? "s" : "") + ")";
      previous.disabled = state.page <= 1;
      next.disabled = state.page >= pages;
      if (body.data.length === 0) message("Aucune ligne ne correspond au filtre.");
    }

    function load() {
      holder.setAttribute("aria-busy", "true");
      fetch(url(), { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (result) {
          holder.removeAttribute("aria-busy");
          if (!result.ok) {
            var detail = result.body.errors && result.body.errors[0] ? result.body.errors[0].detail : "";
            message("L'aperçu n'a pas pu être chargé. " + (detail || ""));
            return;
          }
          render(result.body);
        })
        .catch(function () {
          holder.removeAttribute("aria-busy");
          message("L'aperçu n'a pas pu être chargé : la connexion a échoué.");
        });
    }

    previous.addEventListener("click", function () { state.page -= 1; load(); });
    next.addEventListener("click", function () { state.page += 1; load(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.filterColumn = form.elements.colonne.value;
      state.filterValue = form.elements.valeur.value.trim();
      state.page = 1;
      load();
    });
    form.addEventListener("reset", function () {
      state.filterColumn = null;
      state.filterValue = "";
      state.page = 1;
      window.setTimeout(load, 0);
    });
    load();
  }

  document.querySelectorAll("[data-apercu]").forEach(setup);
})();
