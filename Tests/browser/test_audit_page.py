"""The data protection officer's audit log in the web app: a school leader opens a pupil's page; the
officer, signed in, lands on the audit log, finds that read by the pupil's key — who, when, under which
role, in Planning's and Screening's logs — without the pupil's name on the page; the leader gets the
403 page for the audit log, empty or searched."""
import datetime
import os
import random
import string
import sys
import time
import unittest
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
import seed  # noqa: E402
import test_case_walk as walk  # noqa: E402  (a module, so unittest does not collect the walk's tests here again)


class AuditPageInTheBrowser(walk.PageHelpers, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = walk.read_env()
        cls.base = cls.env["PLANNING_URL"]
        cls.shots, cls.driver = walk.start_browser(cls.env)
        suffix = "".join(random.choice(string.ascii_lowercase) for _ in range(5))
        cls.pupil = "Alma Revision-" + suffix.capitalize()
        seed.seed_pupil(cls.env, "skole-01", "audit-" + suffix, "Alma", "Revision-" + suffix.capitalize(), datetime.date(2026, 11, 20))
        seed.import_staff(cls.env)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def test_the_officer_finds_who_read_a_pupil(self):
        driver = self.driver
        self.sign_in("s-leder-01", "Hanne Skov")
        # The leader opens the pupil's page from the inbox (filtered as the case walk does: other tests share skole-01).
        deadline = time.time() + 90
        while True:
            driver.get(self.base + "/schools/skole-01/inbox?state=all&class=6A&rule=unauthorized-quarter-report")
            links = [a for a in driver.find_elements(By.CSS_SELECTOR, "li.pupil-row h2 a") if a.text == self.pupil]
            if links or time.time() > deadline:
                break
            time.sleep(1)
        self.assertTrue(links, "the pupil reached the school's inbox")
        links[0].click()
        self.wait_text(self.pupil)
        pupil_key = urllib.parse.unquote(driver.current_url.split("/pupils/")[1].split("?")[0])
        opened = datetime.date.today().isoformat()

        # The audit log is the officer's only: the leader gets the 403 page, with or without a search.
        for path in ("/audit", "/audit?pupilKey=" + urllib.parse.quote(pupil_key)):
            driver.get(self.base + path)
            self.assertIn("Du har ikke adgang", self.heading())
            self.assertNotIn(pupil_key, self.main_text())
        self.sign_out()

        self.sign_in("s-dpo-01", "Nina Hald")
        self.assertIn("Revisionslog", self.heading(), "the officer's start page is the audit log")
        self.assertIn("Revisionslog", driver.find_element(By.TAG_NAME, "nav").text)
        driver.find_element(By.ID, "a-pupil").send_keys(pupil_key)
        driver.find_element(By.CSS_SELECTOR, "#audit-search button[type=submit]").click()
        WebDriverWait(driver, 30).until(lambda d: "pupilKey=" in d.current_url and d.find_elements(By.ID, "audit-count"))
        rows = driver.find_elements(By.CSS_SELECTOR, "#audit-log tbody tr")
        reads = [row.text for row in rows if row.get_attribute("data-action") == "read-pupil"]
        self.assertTrue(reads, "the leader's read of the pupil is in the log")
        self.assertIn("s-leder-01", reads[0])
        self.assertIn("Planning", reads[0])
        self.assertTrue(all(pupil_key in row.text for row in rows), "only the pupil's lines")
        self.assertNotIn(self.pupil, self.main_text(), "the log names pupils by key, not by name")
        self.screenshot("audit-log")

        # A period: today's lines of the leader.
        driver.get(self.base + f"/audit?staffId=s-leder-01&from={opened}&to={opened}")
        actions = {row.get_attribute("data-action") for row in driver.find_elements(By.CSS_SELECTOR, "#audit-log tbody tr")}
        self.assertIn("read-pupil", actions)
        self.assertIn("read-inbox", actions)


if __name__ == "__main__":
    unittest.main(verbosity=2)
