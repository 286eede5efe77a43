SELECT lo_export(1234, '/tmp/out')
