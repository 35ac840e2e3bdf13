// A hand-drawn SVG line chart: one polyline per series over a fixed time window, y from zero to the window's peak.
const Svg = "http://www.w3.org/2000/svg";
const Width = 300, Height = 100;

function svg(tag, attributes = {}) {
  const node = document.createElementNS(Svg, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

export class LineChart {
  // series: [{ name, unit, pick: point => number|null, className }]
  constructor(figure, title, series, windowPoints) {
    this.figure = figure;
    this.series = series;
    this.windowPoints = windowPoints;
    const caption = document.createElement("figcaption");
    caption.textContent = title;
    this.root = svg("svg", { viewBox: `0 0 ${Width} ${Height}`, preserveAspectRatio: "none", role: "img", "aria-label": title });
    this.root.append(svg("line", { x1: 0, y1: Height, x2: Width, y2: Height, class: "axis" }));
    this.lines = series.map(s => {
      const line = svg("polyline", { class: "line " + s.className, fill: "none", points: "" });
      this.root.append(line);
      return line;
    });
    this.peakLabel = document.createElement("span");
    this.peakLabel.className = "peak";
    this.legend = document.createElement("p");
    this.legend.className = "legend";
    figure.replaceChildren(caption, this.peakLabel, this.root, this.legend);
  }

  draw(points) {
    const shown = points.slice(-this.windowPoints);
    const values = this.series.map(s => shown.map(s.pick));
    const peak = Math.max(1, ...values.flat().filter(v => v !== null));
    const step = Width / Math.max(1, this.windowPoints - 1);
    const offset = this.windowPoints - shown.length;
    values.forEach((column, i) => {
      const coordinates = [];
      column.forEach((v, x) => {
        if (v === null) return;
        coordinates.push(`${((offset + x) * step).toFixed(1)},${(Height - (v / peak) * (Height - 4)).toFixed(1)}`);
      });
      this.lines[i].setAttribute("points", coordinates.join(" "));
    });
    this.peakLabel.textContent = "peak " + format(peak);
    // For tests and scripts: the first series' sum over the window.
    this.figure.dataset.sum = String(values[0].reduce((sum, v) => sum + (v ?? 0), 0));
    this.legend.replaceChildren(...this.series.map((s, i) => {
      const item = document.createElement("span");
      item.className = "key " + s.className;
      const last = values[i].length ? values[i][values[i].length - 1] : null;
      item.textContent = `${s.name}: ${last === null ? "—" : format(last)}${s.unit}`;
      return item;
    }));
  }
}

const format = v => Number.isInteger(v) ? v.toLocaleString("en") : v.toFixed(1);
