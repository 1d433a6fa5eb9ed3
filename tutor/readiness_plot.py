"""The readiness picture: each group's expected score now with its 80% interval (and the pass mark), and how
the estimates moved over the last sessions. Matplotlib, imported only when a picture is asked for."""

from __future__ import annotations

from datetime import datetime

from tutor.readiness import Readiness


def figure(r: Readiness, history: list[Readiness]):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [g for g in r.groups if g.estimate is not None]
    rows = r.groups[::-1]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 1.6 + 0.5 * max(4, len(r.groups))),
                                      gridspec_kw={"width_ratios": [1.1, 1]})
    for y, g in enumerate(rows):
        e = g.estimate
        if e is None:
            left.text(2, y, f"not enough evidence yet (n={g.answers})", va="center", fontsize=8, color="#6b7280")
            continue
        left.plot([100 * e.low, 100 * e.high], [y, y], color="#2563eb", lw=6, alpha=0.35, solid_capstyle="butt")
        left.plot([100 * e.mean], [y], "o", color="#1d4ed8")
        left.text(100 * e.high + 1.5, y, f"{100 * e.mean:.0f}% (n={g.answers})", va="center", fontsize=8)
    if r.pass_mark:
        left.axvline(100 * r.pass_mark, color="#dc2626", ls="--", lw=1, label=f"pass mark {100 * r.pass_mark:.0f}%")
        left.legend(loc="lower left", fontsize=8)
    left.set_yticks(range(len(rows)), [g.name[:34] for g in rows])
    left.set_xlim(0, 115)
    left.set_xlabel("expected score now, with 80% interval")
    for name in [g.name for g in shown]:
        pts = [(x, 100 * g.estimate.mean) for x, h in enumerate(history) for g in h.groups
               if g.name == name and g.estimate is not None]
        if pts:
            right.plot(*zip(*pts), marker=".", label=name[:28])
    over = [(x, h.overall) for x, h in enumerate(history) if h.overall is not None]
    if over:
        xs = [x for x, _ in over]
        right.plot(xs, [100 * o.mean for _, o in over], color="black", lw=2, label="overall")
        right.fill_between(xs, [100 * o.low for _, o in over], [100 * o.high for _, o in over], color="grey", alpha=0.2)
    right.set_ylim(0, 100)
    right.set_ylabel("expected score (%)")
    right.set_title("after each of the last sessions", fontsize=9)
    right.set_xticks(range(len(history)), [datetime.fromtimestamp(h.now).strftime("%m-%d %H:%M") for h in history])
    right.set_xlim(-0.3, max(1, len(history) - 1) + 0.3)
    right.tick_params(axis="x", labelrotation=30, labelsize=7)
    if right.get_legend_handles_labels()[0]:
        right.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    return fig
