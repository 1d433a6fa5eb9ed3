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
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 0.9 + 0.45 * max(3, len(r.groups))),
                                      gridspec_kw={"width_ratios": [1.1, 1]})
    names = [g.name for g in shown][::-1]
    for y, g in enumerate(shown[::-1]):
        e = g.estimate
        left.plot([100 * e.low, 100 * e.high], [y, y], color="#2563eb", lw=6, alpha=0.35, solid_capstyle="butt")
        left.plot([100 * e.mean], [y], "o", color="#1d4ed8")
        left.text(100 * e.high + 1.5, y, f"{100 * e.mean:.0f}% (n={g.answers})", va="center", fontsize=8)
    if r.pass_mark:
        left.axvline(100 * r.pass_mark, color="#dc2626", ls="--", lw=1, label=f"pass mark {100 * r.pass_mark:.0f}%")
        left.legend(loc="lower left", fontsize=8)
    left.set_yticks(range(len(names)), [n[:34] for n in names])
    left.set_xlim(0, 115)
    left.set_xlabel("expected score now, with 80% interval")
    if not shown:
        left.text(50, 0.5, "not enough evidence yet", ha="center")
    for name in [g.name for g in shown]:
        pts = [(datetime.fromtimestamp(h.now), 100 * g.estimate.mean) for h in history for g in h.groups
               if g.name == name and g.estimate is not None]
        if pts:
            right.plot(*zip(*pts), marker=".", label=name[:28])
    over = [(datetime.fromtimestamp(h.now), h.overall) for h in history if h.overall is not None]
    if over:
        xs = [x for x, _ in over]
        right.plot(xs, [100 * o.mean for _, o in over], color="black", lw=2, label="overall")
        right.fill_between(xs, [100 * o.low for _, o in over], [100 * o.high for _, o in over], color="grey", alpha=0.2)
    right.set_ylim(0, 100)
    right.set_ylabel("expected score (%)")
    right.set_title("after each of the last sessions", fontsize=9)
    right.tick_params(axis="x", labelrotation=30, labelsize=7)
    if right.get_legend_handles_labels()[0]:
        right.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    return fig
