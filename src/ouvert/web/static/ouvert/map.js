// Carte d'une ressource géographique : ses géométries (export GeoJSON de l'API) sur un fond
// de tuiles raster configurable (OUVERT_MAP_TILES).
(function () {
  "use strict";
  var LIMIT = 5000;

  function extend(bounds, coordinates) {
    if (typeof coordinates[0] === "number") {
      bounds[0] = Math.min(bounds[0], coordinates[0]);
      bounds[1] = Math.min(bounds[1], coordinates[1]);
      bounds[2] = Math.max(bounds[2], coordinates[0]);
      bounds[3] = Math.max(bounds[3], coordinates[1]);
      return;
    }
    coordinates.forEach(function (inner) { extend(bounds, inner); });
  }

  function setup(element) {
    var status = element.parentNode.querySelector("[data-carte-etat]");
    if (!window.maplibregl) {
      status.textContent = "La bibliothèque de cartes n'a pas pu être chargée.";
      return;
    }
    var map = new window.maplibregl.Map({
      container: element,
      style: {
        version: 8,
        sources: {
          fond: { type: "raster", tiles: [element.dataset.tuiles], tileSize: 256, attribution: element.dataset.attribution }
        },
        layers: [{ id: "fond", type: "raster", source: "fond" }]
      },
      center: [2.5, 46.6],
      zoom: 4.5,
      attributionControl: { compact: false }
    });
    map.addControl(new window.maplibregl.NavigationControl({ showCompass: false }));
    element.carte = map;
    fetch(element.dataset.geojson + "?limit=" + LIMIT)
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (collection) {
        var bounds = [180, 90, -180, -90];
        var count = 0;
        collection.features.forEach(function (feature) {
          if (feature.geometry && feature.geometry.coordinates) {
            extend(bounds, feature.geometry.coordinates);
            count += 1;
          }
        });
        element.dataset.objets = String(count);
        status.textContent = count + " objet" + (count > 1 ? "s" : "") + " sur la carte" +
          (collection.features.length >= LIMIT ? " (les " + LIMIT + " premiers)" : "") + ".";
        function draw() {
          map.addSource("donnees", { type: "geojson", data: collection });
          map.addLayer({ id: "surfaces", type: "fill", source: "donnees", filter: ["==", ["geometry-type"], "Polygon"],
            paint: { "fill-color": "#1f4e79", "fill-opacity": 0.25 } });
          map.addLayer({ id: "contours", type: "line", source: "donnees", filter: ["!=", ["geometry-type"], "Point"],
            paint: { "line-color": "#1f4e79", "line-width": 1.5 } });
          map.addLayer({ id: "points", type: "circle", source: "donnees", filter: ["==", ["geometry-type"], "Point"],
            paint: { "circle-color": "#c0392b", "circle-radius": 5, "circle-stroke-color": "#ffffff", "circle-stroke-width": 1 } });
          if (count > 0) map.fitBounds(bounds, { padding: 30, maxZoom: 15, duration: 0 });
        }
        if (map.isStyleLoaded()) draw(); else map.once("load", draw);
      })
      .catch(function () {
        status.textContent = "Les géométries n'ont pas pu être chargées.";
      });
  }

  document.querySelectorAll("[data-carte]").forEach(setup);
})();
