"""Export jobs: ``exports.run`` builds one file (started after the request's commit;
in-process in the embedded default), ``exports.purge`` deletes expired files
(hourly, cambill/schedule.py)."""

from __future__ import annotations

from cambill.celery import app

from .services import export_job_run, export_jobs_purge


@app.task(name="exports.run")
def run_export_job(job_id: int) -> str:
    return export_job_run(job_id=job_id).status


@app.task(name="exports.purge")
def purge_export_jobs() -> int:
    return export_jobs_purge()
