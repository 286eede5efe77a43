SELECT id /*!50000 , ssn */ FROM patients
