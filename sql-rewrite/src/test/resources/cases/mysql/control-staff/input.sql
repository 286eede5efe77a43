SELECT id, name FROM staff WHERE id = ?
