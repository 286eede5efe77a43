CALL LINK_SCHEMA('X', '', 'jdbc:h2:mem:x', 'sa', '', 'PUBLIC')
