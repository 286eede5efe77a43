SELECT * FROM patients NATURAL JOIN staff
