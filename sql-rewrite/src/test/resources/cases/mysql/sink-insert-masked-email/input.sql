INSERT INTO patients (id, email) VALUES (11, 'a@b.c')
