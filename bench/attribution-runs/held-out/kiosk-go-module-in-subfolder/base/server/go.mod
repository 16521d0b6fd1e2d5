module example.com/kiosk/server

go 1.19
