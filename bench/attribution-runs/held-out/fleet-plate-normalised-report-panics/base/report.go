package fleet

import "fmt"

const ServiceIntervalKm = 15000

// KmToService is negative once the service is overdue.
func (f *Fleet) KmToService(plate string) int {
	v := f.get(plate)
	return v.LastServiceKm + ServiceIntervalKm - v.Odometer
}

func (f *Fleet) MileageReport(plate string) string {
	v := f.get(plate)
	return fmt.Sprintf("%s (%s): %d km, service in %d km", v.Plate, v.Model, v.Odometer, f.KmToService(plate))
}
