SELECT LOAD_FILE('/etc/passwd')
