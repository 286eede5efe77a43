SELECT v.id, v.diagnosis FROM visits v WHERE v.id = ?
