SELECT id, ssn FROM patients p WHERE p.id = ? FOR UPDATE OF p NOWAIT
