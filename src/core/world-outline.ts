/**
 * The world's land as SVG path data, from a Natural Earth TopoJSON topology (world-atlas's land-110m.json), in an
 * equirectangular projection. Pure: the options page's map draws it offline, with no tile server.
 */

interface Topology {
  arcs: [number, number][][];
  transform?: { scale: [number, number]; translate: [number, number] };
  objects: Record<string, { type: string; geometries?: { type: string; arcs: unknown }[] }>;
}

export interface Projection {
  width: number;
  height: number;
  /** Latitudes shown, north to south. */
  north: number;
  south: number;
}

export const WORLD: Projection = { width: 720, height: 300, north: 84, south: -60 };

/** A longitude and latitude as x, y in the projection's box. */
export function project(lon: number, lat: number, p: Projection = WORLD): [number, number] {
  const x = ((lon + 180) / 360) * p.width;
  const y = ((p.north - lat) / (p.north - p.south)) * p.height;
  return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
}

function decodeArcs(topo: Topology): [number, number][][] {
  const [sx, sy] = topo.transform?.scale ?? [1, 1];
  const [tx, ty] = topo.transform?.translate ?? [0, 0];
  return topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      if (topo.transform) {
        x += dx;
        y += dy;
        return [x * sx + tx, y * sy + ty] as [number, number];
      }
      return [dx, dy] as [number, number];
    });
  });
}

/** Every polygon ring of the topology's first object as one SVG path `d`. */
export function landPath(topology: unknown, p: Projection = WORLD): string {
  const topo = topology as Topology;
  const arcs = decodeArcs(topo);
  const object = Object.values(topo.objects)[0];
  const parts: string[] = [];
  const ring = (indices: number[]) => {
    const points: [number, number][] = [];
    for (const i of indices) {
      const arc = i < 0 ? [...(arcs[~i] ?? [])].reverse() : (arcs[i] ?? []);
      points.push(...(points.length ? arc.slice(1) : arc));
    }
    // Land wholly south of the box (Antarctica) is left out rather than drawn as a band along its edge.
    if (points.length < 3 || points.every(([, lat]) => lat < p.south)) return;
    let d = '';
    points.forEach(([lon, lat], i) => {
      const [x, y] = project(lon, Math.max(p.south, Math.min(p.north, lat)), p);
      // A ring that crosses the antimeridian (Fiji, Chukotka) jumps across the map: lift the pen there.
      const jumps = i > 0 && Math.abs(lon - (points[i - 1]?.[0] ?? lon)) > 180;
      d += `${i === 0 || jumps ? 'M' : 'L'}${x} ${y}`;
    });
    parts.push(`${d}Z`);
  };
  for (const g of object?.geometries ?? []) {
    if (g.type === 'Polygon') for (const r of g.arcs as number[][]) ring(r);
    if (g.type === 'MultiPolygon') for (const poly of g.arcs as number[][][]) for (const r of poly) ring(r);
  }
  return parts.join('');
}
