UPDATE patients SET id = id WHERE zip = '02139'
