SELECT query_to_xml('SELECT ssn FROM patients', true, false, '')
