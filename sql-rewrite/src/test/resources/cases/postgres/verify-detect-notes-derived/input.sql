SELECT d.notes FROM (SELECT id, notes FROM patients) d
