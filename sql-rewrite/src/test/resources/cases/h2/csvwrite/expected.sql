CALL CSVWRITE ('/tmp/p.csv', 'SELECT * FROM patients')
