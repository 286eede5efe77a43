SELECT FILE_READ('/etc/passwd')
