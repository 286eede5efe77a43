SELECT zip, count(*) FROM patients GROUP BY zip
