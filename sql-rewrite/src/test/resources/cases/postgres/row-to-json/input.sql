SELECT row_to_json(p) FROM patients p
