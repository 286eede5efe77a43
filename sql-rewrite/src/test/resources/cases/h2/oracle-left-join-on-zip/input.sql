SELECT s.id FROM staff s LEFT JOIN patients p ON p.zip = s.name
