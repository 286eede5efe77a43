SET application_name = 'x'
