SELECT zip FROM patients GROUP BY zip HAVING max(dob) > DATE '1950-01-01'
