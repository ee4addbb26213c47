-- Whether a meeting's host stopped its recording (issue 13): kept with the recording, not as a marker file in
-- its folder. NULL while the host has not stopped it; otherwise who stopped it. A recording its host stopped is
-- not resumed when media returns (after a restart, a new producer); the host starting it again clears this.
ALTER TABLE recordings ADD COLUMN host_stopped_by TEXT;
