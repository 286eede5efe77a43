SELECT YEAR(dob), count(*) FROM patients GROUP BY YEAR(dob)
