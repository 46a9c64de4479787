"""The staff web app in a real browser (headless Chromium from Debian, driven by Selenium): a school
leader signs in through the identity provider's page, finds a concern that arose for real from
absence registrations, opens a case, fills the kortlægning, the plan, a meeting, completes a legal
task, evaluates and closes the case; an analyst sees the dashboard and is refused a school's inbox.
Each step checks what the person sees on the page. Screenshots of the main pages go to
<RUN_DIR>/screenshots/ as artifacts.

Run by scripts/test against the test stack (reads FREMMOEDE_TEST_STACK_ENV, the stack's stack.env)."""
import datetime
import os
import random
import string
import sys
import time
import unittest

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
import seed  # noqa: E402


def read_env():
    path = os.environ.get("FREMMOEDE_TEST_STACK_ENV") or os.path.join(os.environ["RUN_DIR"], "stack.env")
    env = {}
    with open(path, encoding="utf-8") as file:
        for line in file:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                env[key] = value
    return env


def chromium(page_load_timeout=30):
    """A headless Chromium in Danish (also used by scripts/dashboard_screenshots.py)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                     "--lang=da-DK", "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(page_load_timeout)
    return driver


def start_browser(env):
    """The screenshot folder and a headless Chromium in Danish."""
    shots = os.path.join(env["RUN_DIR"], "screenshots")
    os.makedirs(shots, exist_ok=True)
    return shots, chromium()


class PageHelpers:
    """Signing in and out, waits and screenshots in the browser, for every walk (needs `driver`, `base`,
    `shots`). A plain class, so unittest collects no tests from it where it is imported."""

    def wait_text(self, text, timeout=15, locator=(By.TAG_NAME, "main")):
        # A click that posts a form replaces the page: while it is replaced, reading an element can fail in several
        # ways (detached node, lost execution context, not there yet), so the wait looks again instead of failing.
        WebDriverWait(self.driver, timeout, ignored_exceptions=(WebDriverException,)).until(
            EC.text_to_be_present_in_element(locator, text))

    def main_text(self):
        return self.driver.find_element(By.TAG_NAME, "main").text

    def heading(self):
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def screenshot(self, name, full_page=True):
        driver = self.driver
        if full_page:
            width = driver.execute_script("return window.innerWidth")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": min(height, 5000), "deviceScaleFactor": 1, "mobile": False})
        driver.save_screenshot(os.path.join(self.shots, name + ".png"))
        if full_page:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def sign_in(self, staff_id, name):
        driver = self.driver
        driver.get(self.base + "/")
        self.assertIn("tidlig indsats", self.heading())
        driver.find_element(By.ID, "sign-in").click()
        WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, f"button[data-staff-id='{staff_id}']")))
        self.assertIn("Log ind i Fremmøde", driver.find_element(By.TAG_NAME, "h1").text)
        driver.find_element(By.CSS_SELECTOR, f"button[data-staff-id='{staff_id}']").click()
        self.wait_text(name, locator=(By.TAG_NAME, "header"))

    def sign_out(self):
        self.driver.find_element(By.CSS_SELECTOR, "form[action='/auth/sign-out'] button").click()
        self.wait_text("Log ind", locator=(By.TAG_NAME, "main"))

    def submit(self, button_id, expect):
        self.driver.find_element(By.ID, button_id).click()
        self.wait_text(expect)
        self.assertNotIn("Det kunne ikke gemmes", self.main_text())


class CaseWalkInTheBrowser(PageHelpers, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = read_env()
        cls.base = cls.env["PLANNING_URL"]
        cls.shots, cls.driver = start_browser(cls.env)
        suffix = "".join(random.choice(string.ascii_lowercase) for _ in range(5))
        cls.given, cls.family = "Emil", "Nørgaard-" + suffix.capitalize()
        cls.pupil = f"{cls.given} {cls.family}"
        # Fixed dates, as the Swift tests use: Screening judges by the registrations' dates, so the quarter rules fire
        # whatever day the test runs on.
        seed.seed_pupil(cls.env, "skole-01", "browser-" + suffix, cls.given, cls.family, datetime.date(2026, 11, 20))
        seed.import_staff(cls.env)
        cls.suffix = suffix

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    # The walk.

    def test_a_whole_case_from_concern_to_close(self):
        driver = self.driver
        self.sign_in("s-leder-01", "Hanne Skov")
        self.assertEqual("Hvad venter i dag", self.heading())

        # Opsporing: the concern arrives in the inbox (Intake → Screening → Planning, over Kafka).
        # The inbox, filtered in its form to class 6A and the underretning rule (other tests' pupils share skole-01).
        deadline = time.time() + 90
        while True:
            driver.get(self.base + "/schools/skole-01/inbox")
            driver.find_element(By.ID, "f-class").send_keys("6A")
            Select(driver.find_element(By.ID, "f-rule")).select_by_value("unauthorized-quarter-report")
            driver.find_element(By.ID, "apply-filters").click()
            # The filtered page, once loaded (right after the click the old document may already be gone).
            WebDriverWait(driver, 30).until(lambda d: "class=6A" in d.current_url and d.find_elements(By.TAG_NAME, "main"))
            if self.pupil in self.main_text() or time.time() > deadline:
                break
            time.sleep(1)
        self.assertIn(self.pupil, self.main_text(), "the concern reached the school's inbox")
        self.assertIn("class=6A", driver.current_url)
        rows = driver.find_elements(By.CSS_SELECTOR, "li.pupil-row")
        self.assertEqual(1, sum(1 for row in rows if self.pupil in row.text), "one row for the pupil, whatever its findings")
        self.assertEqual(["underretning"] * len(rows), [row.get_attribute("data-tier") for row in rows], "the filter keeps pupils with the rule")
        row = next(row for row in rows if self.pupil in row.text)
        for rule in ("Ulovligt fravær ≥ 15 % af kvartalets skoledage", "Ulovligt fravær ≥ 10 % af kvartalets skoledage"):
            self.assertIn(rule, row.text, "all of the pupil's open findings are on its row")
        self.assertIn("pr. ", row.text, "each finding says the school day it is about")
        self.assertIn("Underretning", driver.find_element(By.ID, "tiers").text)
        # Unfiltered, the list starts with the legal duties.
        driver.get(self.base + "/schools/skole-01/inbox")
        tiers = [row.get_attribute("data-tier") for row in driver.find_elements(By.CSS_SELECTOR, "li.pupil-row")]
        order = ["underretning", "warning", "severe", "concerning", "rising", "pattern"]
        self.assertEqual(sorted(tiers, key=order.index), tiers, "rows in the order of attention")
        driver.get(self.base + "/")
        self.assertIn("Nye elever i indbakken", self.main_text())
        self.assertIn(self.pupil, self.main_text(), "the start page lists the new pupil")
        # Pupils, not findings, counted by tier; each tier links to its part of the inbox.
        tier_link = driver.find_element(By.CSS_SELECTOR, "main a[data-tier='underretning']")
        self.assertIn("Underretning", tier_link.text)
        self.screenshot("start")
        tier_link.click()
        self.wait_text("Bekymringer — opsporing")
        self.assertIn("tier=underretning", driver.current_url)
        tiers = {row.get_attribute("data-tier") for row in driver.find_elements(By.CSS_SELECTOR, "li.pupil-row")}
        self.assertEqual({"underretning"}, tiers, "the tier's link shows that tier only")
        driver.get(self.base + "/schools/skole-01/inbox?class=6A")
        self.screenshot("inbox", full_page=False)

        # The pupil page: the chart with the thresholds and the concern's explanation.
        driver.find_element(By.LINK_TEXT, self.pupil).click()
        self.wait_text("Fravær over tid")
        self.assertEqual(self.pupil, self.heading())
        chart = driver.find_element(By.CSS_SELECTOR, "svg[role='img']")
        self.assertIn("15 % ulovligt", chart.get_attribute("innerHTML"))
        self.assertTrue(driver.find_elements(By.CSS_SELECTOR, "svg rect"), "absence bars are drawn")
        self.assertIn("Ulovligt fravær ≥ 10 % af kvartalets skoledage", self.main_text())
        # 9 unauthorized days against the 57 school days of Q4 in the seeded calendar: 15 % allows 8.55.
        self.assertIn("ulovligt fravær 9 af de 8,55 dage, kvartalet tillader", self.main_text())
        # The explanation in Danish from the rule and its figures, each finding as of its school day (not the processing date).
        self.assertIn("Ulovligt fravær 9 af de 8,55 dage, 2026-Q4 tillader", self.main_text())
        self.assertIn("Skolen skal underrette kommunen.", self.main_text())
        self.assertNotIn("school days", self.main_text(), "no English sentence from Screening on the Danish page")
        self.assertNotIn("Rejst", self.main_text())
        self.assertIn("pr. ", driver.find_element(By.CSS_SELECTOR, "main article.card").text)
        self.assertIn("Dage der talte", self.main_text())
        forecast = driver.find_element(By.ID, "quarter-forecast").text
        self.assertIn("ulovlige fraværsdage i", forecast)
        if "2026-Q4" in forecast:  # the school's current day is the seed's quarter (other tests may move skole-01 on)
            self.assertIn("Kan ikke længere holde sig under 15 % i dette kvartal", forecast, "9 days against the 8.55 Q4 allows")
            # The figure at the top is the forecast's count: one source for the quarter's figures.
            self.assertEqual("9 af 57 skoledage (15,8 %)", driver.find_element(By.ID, "quarter-count").text)
        self.screenshot("pupil", full_page=False)

        # A staff report from the pupil's page lands on the pupil's inbox row.
        Select(driver.find_element(By.ID, "report-category")).select_by_value("wellbeing")
        driver.find_element(By.ID, "report-description").send_keys("Virker trist i frikvartererne")
        self.submit("send-report", "Bekymring fra medarbejder")
        self.assertIn("Virker trist i frikvartererne", self.main_text())
        driver.get(self.base + "/schools/skole-01/inbox?class=6A")
        row = next(li for li in driver.find_elements(By.CSS_SELECTOR, "li.pupil-row") if self.pupil in li.text)
        self.assertIn("Bekymring fra medarbejder", row.text, "the report is on the pupil's row")
        self.assertIn("Trivsel", row.text)

        # Triage: open a case on the notification concern; the leader becomes tovholder.
        driver.get(self.base + "/schools/skole-01/inbox?class=6A&rule=unauthorized-quarter-report")
        item = next(li for li in driver.find_elements(By.CSS_SELECTOR, "li.pupil-row") if self.pupil in li.text)
        item.find_element(By.CSS_SELECTOR, "button[data-action='open-case']").click()
        self.wait_text("Tovholder")
        self.assertIn(self.pupil, self.heading())
        self.assertIn("Hanne Skov", self.main_text())
        case_url = driver.current_url

        # The team takes only the municipality's staff: an address nobody in the staff register has is refused,
        # the page naming the field; a teacher of the staff directory is taken.
        def add_member(staff_id, name, address):
            driver.find_element(By.CSS_SELECTOR, "#team details summary").click()
            for field, value in (("m-staff", staff_id), ("m-name", name), ("m-email", address)):
                driver.find_element(By.ID, field).clear()
                driver.find_element(By.ID, field).send_keys(value)
            Select(driver.find_element(By.ID, "m-role")).select_by_value("contact-teacher")
            driver.find_element(By.CSS_SELECTOR, "form[action$='/team'] button[type='submit']").click()
        add_member("ukendt-" + self.suffix, "Ukendt Person", f"ukendt-{self.suffix}@example.org")
        self.wait_text("Det kunne ikke gemmes")
        self.assertIn("team[1].email", self.main_text(), "the refusal names the field")
        self.assertIn("not a known staff member", self.main_text())
        self.assertNotIn("Ukendt Person", driver.find_element(By.CSS_SELECTOR, "#team ul.list").text, "the team is unchanged")
        driver.get(case_url)
        add_member("s-laerer-01", "Sofie Dahl", "sofie.dahl@skole-01.example.dk")
        self.wait_text("Sofie Dahl", locator=(By.CSS_SELECTOR, "#team ul.list"))
        self.assertNotIn("Det kunne ikke gemmes", self.main_text())

        # Kortlægning across the arenas, with the child's and parents' own words.
        driver.find_element(By.ID, "factors-learning-environment").send_keys("Uro i klassen\nSkift af lærer")
        driver.find_element(By.ID, "child-child").send_keys("Jeg får ondt i maven om morgenen")
        driver.find_element(By.ID, "parent-home-and-family").send_keys("Vi kan ikke få ham ud ad døren")
        driver.find_element(By.ID, "wellbeingStart").send_keys("4")
        self.submit("save-kortlaegning", "kortlægning version 1")
        self.assertEqual("Jeg får ondt i maven om morgenen", driver.find_element(By.ID, "child-child").get_attribute("value"))

        # The plan: a target and an action from the catalogue.
        today = datetime.date.today()
        driver.find_element(By.ID, "target").send_keys("95")
        self.set_date("targetDate", today + datetime.timedelta(days=60))
        catalogue = Select(driver.find_element(By.ID, "new-catalogue"))
        catalogue.select_by_index(1)
        action_title = catalogue.first_selected_option.text
        self.set_date("new-due", today + datetime.timedelta(days=7))
        self.submit("save-plan", "plan revision 1")
        self.assertIn(action_title, driver.find_element(By.ID, "actions").text)
        # A plan mail's link (/cases/{id}/plan) opens the case at its plan.
        driver.get(case_url + "/plan")
        self.assertIn(self.pupil, self.heading())
        self.assertTrue(driver.current_url.endswith("#plan"), driver.current_url)

        # An attendee line without a name is refused with the field named, and the page goes on (issue 16).
        driver.find_element(By.CSS_SELECTOR, "#meeting summary").click()
        driver.find_element(By.ID, "attendees").send_keys("—")
        driver.find_element(By.ID, "save-meeting").click()
        self.wait_text("attendees[0].name")
        self.assertIn("Det kunne ikke gemmes", self.main_text())

        # A meeting with the parents.
        if not driver.find_element(By.ID, "attendees").is_displayed():
            driver.find_element(By.CSS_SELECTOR, "#meeting summary").click()
        driver.find_element(By.ID, "attendees").clear()
        driver.find_element(By.ID, "attendees").send_keys("Hanne Skov — skoleleder\nMor — forælder")
        driver.find_element(By.ID, "decisions").send_keys("Gradvis tilbagevenden fra mandag")
        self.submit("save-meeting", "Gradvis tilbagevenden fra mandag")

        # The legal track: warn the parents (done).
        legal = driver.find_element(By.ID, "legal")
        self.assertIn("Varsl forældre", legal.text)
        legal.find_element(By.CSS_SELECTOR, "button[data-task]").click()
        self.wait_text("Udført", locator=(By.ID, "legal"))
        self.screenshot("case")

        # The same case on a phone.
        size = driver.get_window_size()
        driver.set_window_size(390, 844)
        driver.get(case_url)
        self.screenshot("case-phone", full_page=False)
        driver.set_window_size(size["width"], size["height"])
        driver.get(case_url)

        # Evaluation and close.
        driver.find_element(By.ID, "wellbeingAfter").send_keys("6")
        driver.find_element(By.ID, "close-note").send_keys("Kommer i skole igen")
        self.submit("close-case", "Sagen er lukket")
        closed = driver.find_element(By.ID, "case-closed").text
        self.assertIn("Resultat", closed)
        self.assertIn("4 → 6", self.main_text())
        self.assertFalse(driver.find_elements(By.ID, "close-case"), "a closed case offers no close form")
        self.sign_out()

        # The municipality's analyst: the dashboard, and no pupil data.
        self.sign_in("s-analyse-01", "Ida Brandt")
        driver.get(self.base + "/dashboard")
        self.wait_text("Skolerne")
        self.assertEqual("Overblik", self.heading())
        self.assertIn("Skole 01", driver.find_element(By.CSS_SELECTOR, "table.schools").text)
        self.assertTrue(driver.find_elements(By.CSS_SELECTOR, "figure svg polyline"), "the municipality's trend is drawn")
        self.screenshot("dashboard")
        # Flag quality per rule: what became of the pupils each rule flagged (this run's pupils, figures only).
        driver.find_element(By.LINK_TEXT, "Flagkvalitet").click()
        self.wait_text("Flagkvalitet pr. regel")
        table = driver.find_element(By.ID, "flag-quality")
        report_row = table.find_element(By.CSS_SELECTOR, "tr[data-rule='unauthorized-quarter-report']")
        self.assertIn("Ulovligt fravær ≥ 15 % af kvartalets skoledage", report_row.text)
        cells = report_row.find_elements(By.TAG_NAME, "td")
        self.assertGreaterEqual(int(cells[0].text), 1, "this run's pupil was flagged by the underretning rule")
        self.assertGreaterEqual(int(cells[3].text.split()[0]), 1, "and got a case (opened in the walk above)")
        self.assertNotIn(self.pupil, self.main_text(), "figures only: no pupil")
        self.screenshot("flag-quality", full_page=False)
        driver.get(self.base + "/schools/skole-01/inbox")
        self.assertEqual("Du har ikke adgang", self.heading())
        driver.get(case_url)
        self.assertEqual("Du har ikke adgang", self.heading())
        self.sign_out()

    def test_the_opsporing_meeting_and_a_case_without_a_concern(self):
        """The team's meeting view: a pupil new since the last meeting, one decision per pupil in one pass (a refused
        one named), the printable agenda without free text; then a case opened from a pupil's page without a concern."""
        driver = self.driver
        suffix = "".join(random.choice(string.ascii_lowercase) for _ in range(5))
        meeting_pupil = "Maja Mødeby-" + suffix.capitalize()
        quiet_pupil = "Otto Rettet-" + suffix.capitalize()
        day = datetime.date(2026, 11, 20)
        seed.seed_pupil(self.env, "skole-01", "meeting-" + suffix, "Maja", "Mødeby-" + suffix.capitalize(), day)
        seed.seed_pupil(self.env, "skole-01", "quiet-" + suffix, "Otto", "Rettet-" + suffix.capitalize(), day)
        driver.delete_all_cookies()  # whatever the walk before left behind
        self.sign_in("s-leder-01", "Hanne Skov")
        deadline = time.time() + 90
        while True:
            driver.get(self.base + "/schools/skole-01/inbox?class=6A")
            if (meeting_pupil in self.main_text() and quiet_pupil in self.main_text()) or time.time() > deadline:
                break
            time.sleep(1)
        quiet_href = driver.find_element(By.LINK_TEXT, quiet_pupil).get_attribute("href")
        # A worry about the family, in words: it must not reach the printed agenda.
        driver.find_element(By.LINK_TEXT, meeting_pupil).click()
        self.wait_text("Fravær over tid")
        Select(driver.find_element(By.ID, "report-category")).select_by_value("family")
        driver.find_element(By.ID, "report-description").send_keys("Familien er i krise efter en skilsmisse")
        self.submit("send-report", "Bekymring fra medarbejder")

        # The meeting view from the inbox.
        driver.get(self.base + "/schools/skole-01/inbox")
        driver.find_element(By.ID, "meeting-link").click()
        self.wait_text("Opsporingsteamets møde")
        self.assertIn("Nye siden sidste møde", self.main_text())
        new_section = driver.find_element(By.ID, "section-new-since-last-meeting")
        row = next(li for li in new_section.find_elements(By.CSS_SELECTOR, "li.pupil-row") if meeting_pupil in li.text)
        self.assertIn("Bekymring fra medarbejder", row.text)
        self.assertNotIn("Familien er i krise", self.main_text(), "no free text on the meeting view either")
        index = row.find_element(By.CSS_SELECTOR, "select").get_attribute("id").split("-", 1)[1]
        self.screenshot("meeting", full_page=False)

        # The printable agenda: names, classes, tiers and figures, no free text, the page alone in print.
        driver.find_element(By.ID, "print-agenda").click()
        self.wait_text("Dagsorden")
        agenda = driver.find_element(By.CSS_SELECTOR, ".agenda").text
        self.assertIn(meeting_pupil, agenda)
        self.assertIn("Bekymring fra medarbejder", agenda)
        for free_text in ("Familien er i krise", "Familie", "Virker trist", "Trivsel"):
            self.assertNotIn(free_text, agenda, "no free text or worry category about family or health on the agenda")
        self.assertFalse(driver.find_elements(By.CSS_SELECTOR, ".agenda form, .agenda input, .agenda textarea"))
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        self.assertFalse(driver.find_element(By.TAG_NAME, "header").is_displayed(), "print CSS: no navigation on paper")
        self.assertTrue(driver.find_element(By.CSS_SELECTOR, ".agenda table").is_displayed())
        self.screenshot("agenda-print")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

        # One pass: a dismissal without a reason is refused, naming the pupil; nothing is saved.
        driver.get(self.base + "/schools/skole-01/meeting")
        Select(driver.find_element(By.ID, f"d-{index}")).select_by_value("dismiss")
        driver.find_element(By.ID, "save-meeting").click()
        self.wait_text("Det kunne ikke gemmes")
        self.assertIn(meeting_pupil + " — reason", self.main_text())
        Select(driver.find_element(By.ID, f"d-{index}")).select_by_value("dismiss")
        driver.find_element(By.ID, f"w-{index}").send_keys("Forældrene er i kontakt med skolen")
        self.submit("save-meeting", "Mødet er registreret med 1 beslutninger")
        self.assertIn("Sidste møde", driver.find_element(By.ID, "last-meeting").text)
        self.assertNotIn(meeting_pupil, self.main_text(), "a dismissed pupil leaves the agenda")

        # A case without a concern: the other pupil's absence is corrected to present (a doctor's note), its findings resolve,
        # and its page offers the case.
        seed.correct_to_present(self.env, "skole-01", "quiet-" + suffix, day)
        deadline = time.time() + 90
        while True:
            driver.get(quiet_href)
            if driver.find_elements(By.ID, "open-case") or time.time() > deadline:
                break
            time.sleep(2)
        self.assertTrue(driver.find_elements(By.ID, "open-case"), "no open findings, no case: the page offers one")
        driver.find_element(By.ID, "case-reason").send_keys("Flytter hertil med en sag fra sin gamle skole")
        self.submit("open-case", "Tovholder")
        self.assertIn(quiet_pupil, self.heading())
        self.assertIn("without a concern", self.main_text(), "the timeline says why")
        self.sign_out()

    def set_date(self, element_id, date):
        # Chromium's date input takes the date typed in the browser's locale order; setting the value is locale-free.
        self.driver.execute_script("arguments[0].value = arguments[1]", self.driver.find_element(By.ID, element_id), date.isoformat())


if __name__ == "__main__":
    try:
        unittest.main(verbosity=2)
    except TimeoutException as error:
        print("timed out:", error, file=sys.stderr)
        raise
