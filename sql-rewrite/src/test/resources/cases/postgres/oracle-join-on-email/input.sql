SELECT s.name FROM staff s JOIN patients p ON p.email = s.name
