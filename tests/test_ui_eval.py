"""The eval tab of the running app: run a small eval and see its report."""

from gradio_client import Client


def test_small_eval_runs_and_its_report_is_shown(served_app):
    c = Client(served_app[0], verbose=False)
    runs, report, msg = c.predict(4, api_name="/run_eval")
    assert msg.startswith("Done in") and "Tutor (claims checked against the notes)" in msg, msg
    assert "questions: 4 ·" in report  # the small run asked for: 4 questions
    assert "Answer accuracy beside its baselines" in report and "Random guess (exact expectation)" in report
    assert "data:image/png;base64," in report
    shown = c.predict(runs["value"], api_name="/show_report")
    assert "Retrieval" in shown
