UPDATE patients SET zip = '00000' WHERE ssn = '123-45-6789'
