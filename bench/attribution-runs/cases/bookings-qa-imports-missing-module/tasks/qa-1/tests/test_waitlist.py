from bookings.waitlist import Waitlist


def test_first_come_first_served():
    waitlist = Waitlist()
    waitlist.join("blue", "ada")
    waitlist.join("blue", "bob")
    assert waitlist.next("blue") == "ada"
    assert waitlist.next("blue") == "bob"
    assert waitlist.next("blue") is None


def test_joining_twice_keeps_one_place():
    waitlist = Waitlist()
    assert waitlist.join("blue", "ada") == 1
    assert waitlist.join("blue", "ada") == 1
