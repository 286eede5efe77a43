SELECT email FROM patients INTERSECT SELECT name FROM staff
