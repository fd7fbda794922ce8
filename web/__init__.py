"""The workbench (工作台): server-rendered Chinese pages for office clerks, unit leads and
inspectors, over the same application services as the JSON API."""
