/// The page's stylesheet: one readable column, system fonts only (nothing fetched), figures
/// scaled to the column width.
enum PageStyle {
    static let css = """
    :root { --ink: #222; --muted: #666; --rule: #ddd; --panel: #f7f7f5; --good: #009E73; --bad: #D55E00; --unsure: #E69F00; }
    * { box-sizing: border-box; }
    body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
    main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 64px; }
    header h1 { font-size: 26px; margin: 0 0 4px; word-break: break-all; }
    header p { margin: 0; color: var(--muted); }
    nav { margin: 14px 0 8px; font-size: 14px; }
    nav a { color: #0072B2; margin-right: 14px; text-decoration: none; }
    section { border-top: 1px solid var(--rule); margin-top: 28px; padding-top: 8px; }
    h2 { font-size: 20px; margin: 8px 0 6px; }
    h3 { font-size: 16px; margin: 18px 0 4px; }
    p.caption { color: var(--muted); font-size: 13.5px; margin: 4px 0 10px; max-width: 860px; }
    svg { display: block; width: 100%; height: auto; font-family: system-ui, "DejaVu Sans", sans-serif; }
    .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 8px 18px; margin: 10px 0; }
    .fact { background: var(--panel); border-radius: 6px; padding: 8px 12px; }
    .fact b { display: block; font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
    .fact span { font-size: 17px; }
    .verdict { display: inline-block; border-radius: 4px; padding: 1px 8px; color: #fff; font-weight: 600; font-size: 14px; }
    .verdict.wellPosed { background: var(--good); } .verdict.illPosed { background: var(--bad); } .verdict.undecided { background: var(--unsure); color: #222; }
    table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
    th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid #eee; vertical-align: top; }
    th { color: var(--muted); font-weight: 600; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    code { font-size: 13px; background: var(--panel); padding: 0 3px; border-radius: 3px; }
    .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 10px 20px; }
    .multiples figure { margin: 0; }
    .multiples figcaption { font-size: 13px; color: var(--muted); }
    .readout { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; min-height: 1.4em; color: var(--ink); margin: 2px 0 0 0; }
    .figure-matrix { max-width: 860px; }
    .note { background: var(--panel); border-left: 4px solid var(--rule); padding: 6px 12px; font-size: 14px; }
    footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
    """
}
