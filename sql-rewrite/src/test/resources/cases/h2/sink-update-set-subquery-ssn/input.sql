UPDATE staff SET name = (SELECT ssn FROM patients WHERE patients.id = staff.id)
