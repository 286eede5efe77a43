SELECT zip, count(*) FROM patients GROUP BY zip HAVING max(ssn) > '5'
