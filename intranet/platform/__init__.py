"""What every part of Kring stands on and which knows no part of the business: the database,
time, serving, the job queue, pushes and mail."""
