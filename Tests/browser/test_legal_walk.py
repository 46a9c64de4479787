"""The legal track in a real browser (issue 19, docs/legal-track.md): one pupil from the first day of
unauthorized absence to the municipality's decision. The school contacts the parents from the daily
contact list, prints the warning letter (its text checked, the letter alone on paper) and records its
sending, the school leader sends the underretning; the municipality's benefit case worker receives it
in the queue, checks the registration, records the partshøring and its answer, and decides: the decision
letter with its klagevejledning prints alone. No e-mail on the way carries the pupil's name or the
school's words about the family.

Run by scripts/test against the test stack (reads FREMMOEDE_TEST_STACK_ENV, the stack's stack.env)."""
import datetime
import email
import email.policy
import mailbox
import os
import random
import string
import sys
import time
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(__file__))
import seed  # noqa: E402
import test_case_walk as case_walk  # noqa: E402  (not its class by name: discovery would run it twice)


MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]


class LegalTrackInTheBrowser(case_walk.PageHelpers, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = case_walk.read_env()
        cls.base = cls.env["PLANNING_URL"]
        cls.shots, cls.driver = case_walk.start_browser(cls.env)
        suffix = "".join(random.choice(string.ascii_lowercase) for _ in range(5))
        cls.given, cls.family = "Lea", "Lovspor-" + suffix.capitalize()
        cls.pupil = f"{cls.given} {cls.family}"
        cls.day = datetime.date(2026, 11, 20)
        seed.seed_pupil(cls.env, "skole-01", "legal-" + suffix, cls.given, cls.family, cls.day)
        seed.import_staff(cls.env)
        cls.suffix = suffix

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def first_unauthorized_day(self):
        # As seed.seed_pupil registers them: every other day for two weeks, then the last three days.
        quarter_start = datetime.date(self.day.year, 3 * ((self.day.month - 1) // 3) + 1, 1)
        past = [d for d in seed.weekdays(datetime.date(2026, 8, 10), datetime.date(2026, 12, 18)) if quarter_start <= d <= self.day]
        return past[-15]

    def open_until(self, url, condition, timeout=90):
        deadline = time.time() + timeout
        while True:
            self.driver.get(url)
            if condition() or time.time() > deadline:
                return
            time.sleep(1)

    def printed(self, visible, hidden):
        """The page as printed: `visible` is on paper, `hidden` (navigation, forms, the rest of the page) is not."""
        driver = self.driver
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            self.assertTrue(driver.find_element(By.CSS_SELECTOR, visible).is_displayed(), f"{visible} is printed")
            for selector in hidden:
                for element in driver.find_elements(By.CSS_SELECTOR, selector):
                    self.assertFalse(element.is_displayed(), f"{selector} is not printed")
        finally:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    def test_from_the_first_unauthorized_day_to_the_decision(self):
        driver = self.driver
        assessment = f"Familien har svært ved morgenerne ({self.suffix})"
        self.sign_in("s-leder-01", "Hanne Skov")

        # Step 1: the daily contact list of the first unauthorized day; the parents are contacted.
        first = self.first_unauthorized_day()
        contacts_url = f"{self.base}/schools/skole-01/contacts?day={first.isoformat()}"
        self.open_until(contacts_url, lambda: self.pupil in self.main_text())
        row = next(li for li in driver.find_elements(By.CSS_SELECTOR, "#contacts li.contact-row") if self.pupil in li.text)
        self.assertEqual("no", row.get_attribute("data-contacted"))
        pupil_key = row.get_attribute("data-pupil")
        Select(row.find_element(By.CSS_SELECTOR, "select")).select_by_value("phone")
        row.find_element(By.CSS_SELECTOR, "input[name='reached']").click()
        row.find_element(By.CSS_SELECTOR, "button[data-contact]").click()
        self.wait_text("Kontaktet", locator=(By.CSS_SELECTOR, f"#contacts li.contact-row[data-pupil='{pupil_key}']"))
        row = driver.find_element(By.CSS_SELECTOR, f"#contacts li.contact-row[data-pupil='{pupil_key}']")
        self.assertEqual("yes", row.get_attribute("data-contacted"))
        self.assertIn("Telefon", row.text)
        self.assertIn("Hanne Skov", row.text)
        self.screenshot("legal-contacts", full_page=False)

        # Step 2: the warning letter from the pupil's page, printed, its sending recorded.
        pupil_url = f"{self.base}/pupils/{pupil_key}"
        self.open_until(pupil_url, lambda: bool(driver.find_elements(By.CSS_SELECTOR, "a[data-kind='warn-parents']")))
        driver.find_element(By.CSS_SELECTOR, "a[data-kind='warn-parents']").click()
        self.wait_text("Varslingsbrev")
        letter = driver.find_element(By.ID, "letter").text
        for expected in ("Varsel om mulig standsning af børne- og ungeydelsen", self.pupil, "6A", "10 procent eller mere", "15 procent",
                         f"{first.day}. {MONTHS[first.month - 1]} {first.year}", "Hanne Skov"):
            self.assertIn(expected, letter, "the warning letter says it")
        self.printed("#letter", ["header", "#send-form", "table.days"])
        self.screenshot("legal-warning-letter")
        driver.find_element(By.CSS_SELECTOR, "a[data-language='en']").click()
        self.wait_text("child benefit", locator=(By.ID, "letter"))
        driver.find_element(By.CSS_SELECTOR, "a[data-language='da']").click()
        self.wait_text("Varsel om mulig standsning", locator=(By.ID, "letter"))
        Select(driver.find_element(By.ID, "via")).select_by_value("letter")
        self.submit("record-sent", "Afsendelsen er registreret")
        self.assertIn("Sendt", driver.find_element(By.ID, "letter-sent").text)
        self.assertFalse(driver.find_elements(By.ID, "send-form"), "a letter sent is not sent again")

        # Step 3: the underretning, with the school's assessment.
        self.open_until(pupil_url, lambda: bool(driver.find_elements(By.CSS_SELECTOR, "a[data-kind='notify-municipality']")))
        driver.find_element(By.CSS_SELECTOR, "a[data-kind='notify-municipality']").click()
        self.wait_text("Underretning til kommunen")
        self.assertIn("Telefon", self.main_text(), "the school's contact with the family is part of it")
        self.assertIn("Brev", self.main_text(), "and the warning letter")
        driver.find_element(By.ID, "assessment").send_keys(assessment)
        self.submit("make-underretning", assessment)
        underretning_url = driver.current_url
        self.assertIn("/underretninger/", underretning_url)
        self.assertEqual("new", driver.find_element(By.ID, "status").get_attribute("data-status"))
        self.assertFalse(driver.find_elements(By.ID, "receive"), "the school does not act for the municipality")
        self.sign_out()

        # Step 4: the municipality's case worker receives it in the queue, checks, hears, decides.
        self.sign_in("s-ydelse-01", "Karen Holm")
        driver.get(self.base + "/underretninger")
        link = next(a for a in driver.find_elements(By.CSS_SELECTOR, "#underretninger a") if self.pupil in a.text)
        self.screenshot("legal-queue", full_page=False)
        link.click()
        self.wait_text(assessment)
        self.submit("receive", "Gemt")
        self.assertEqual("in-progress", driver.find_element(By.ID, "status").get_attribute("data-status"))
        self.submit("save-check", "understøtter underretningen")
        driver.find_element(By.ID, "hearing-content").send_keys("Partshøring om det ulovlige fravær, sendt til forældrene og Lea")
        self.submit("send-hearing", "Partshøring om det ulovlige fravær")
        answer = driver.find_element(By.CSS_SELECTOR, "#hearings textarea")
        answer.send_keys("Vi har ikke bemærkninger")
        self.submit_by(driver.find_element(By.CSS_SELECTOR, "#hearings button.record-answer"), "Vi har ikke bemærkninger")
        Select(driver.find_element(By.ID, "outcome")).select_by_value("stop")
        driver.find_element(By.ID, "reasons").send_keys("Fraværet er ulovligt, og der er ikke oplyst undskyldelige omstændigheder.")
        self.submit("decide", "Klagevejledning")
        decision = driver.find_element(By.ID, "decision-letter").text
        for expected in ("Klagevejledning", "Ankestyrelsen", "4 uger", self.pupil, "der er ikke oplyst undskyldelige omstændigheder", "Karen Holm"):
            self.assertIn(expected, decision, "the decision letter says it")
        self.assertIn("Udbetaling Danmark", driver.find_element(By.ID, "payer-notice").text, "a stop makes the notice to the benefit payer")
        self.assertEqual("decided", driver.find_element(By.ID, "status").get_attribute("data-status"))
        self.printed("#decision-letter", ["header", "#steps", "#payer-notice", "#timeline"])
        self.screenshot("legal-decision")
        self.sign_out()

        # The e-mails on the way: none carries the pupil's name or the school's words.
        box = mailbox.Maildir(self.env["SMTP_MAILDIR"], factory=None, create=False)
        for key in box.keys():
            message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            text = str(message)
            for secret in (self.family, assessment, "Vi har ikke bemærkninger"):
                self.assertNotIn(secret, text, f"a mail ({message.get('Subject')}) carries {secret!r}")

    def submit_by(self, button, expect):
        button.click()
        self.wait_text(expect)
        self.assertNotIn("Det kunne ikke gemmes", self.main_text())


if __name__ == "__main__":
    unittest.main(verbosity=2)
