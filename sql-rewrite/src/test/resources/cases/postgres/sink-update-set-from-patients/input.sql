UPDATE staff SET name = p.ssn FROM patients p WHERE p.id = staff.id
