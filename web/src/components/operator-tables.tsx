/**
 * The operator page's tables: `statsTables` (the same layout as `railtape stats`) as HTML.
 */
import { type StatsTable, statsTables } from '../../../src/ops/stats-tables.js';
import type { AdminStats } from '../api.js';
import './operator.css';

function Table(props: StatsTable) {
  return (
    // A table wider than the phone scrolls here; keyboards must reach it (axe scrollable-region-focusable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is operable, so it takes focus
    <section class="operator-scroll" aria-label={props.caption} tabIndex={0}>
      <table class="operator-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.headers.map((x) => (
              <th scope="col" key={x}>
                {x}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.headers.length}>–</td>
            </tr>
          ) : (
            props.rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j} class={typeof c === 'number' ? 'numeric' : undefined}>
                    {c === null ? '–' : String(c)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

export function OperatorTables({ stats }: { stats: AdminStats }) {
  return (
    <>
      {statsTables(stats).map((table) => (
        <Table key={table.caption} {...table} />
      ))}
    </>
  );
}
