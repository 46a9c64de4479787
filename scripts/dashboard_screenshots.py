"""Screenshots of the dashboard on a running stack (the demo, `scripts/run`), as the municipality's
analyst and as a school leader, in headless Chromium: docs/screenshots/dashboard-*.png.

    RUN_DIR=.run/test-NAME python3 scripts/dashboard_screenshots.py [out-dir]

Reads the stack's stack.env (PLANNING_URL); signs in on the development IdP's page as the demo users
Ida Brandt (s-analyse-01, analyst) and Hanne Skov (s-leder-01, school leader of skole-01)."""
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
from measure_inbox import read_env  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "browser"))
from test_case_walk import chromium  # noqa: E402




def main():
    env = read_env(os.environ["RUN_DIR"])
    out = sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"
    os.makedirs(out, exist_ok=True)
    base = env["PLANNING_URL"]
    driver = chromium(page_load_timeout=120)
    try:
        for staff_id, name, shot in (("s-analyse-01", "Ida Brandt", "dashboard-municipality"), ("s-leder-01", "Hanne Skov", "dashboard-school")):
            driver.delete_all_cookies()
            driver.get(base + "/")
            driver.find_element(By.ID, "sign-in").click()
            WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, f"button[data-staff-id='{staff_id}']")))
            driver.find_element(By.CSS_SELECTOR, f"button[data-staff-id='{staff_id}']").click()
            WebDriverWait(driver, 30).until(EC.text_to_be_present_in_element((By.TAG_NAME, "header"), name))
            driver.get(base + "/dashboard")
            WebDriverWait(driver, 120).until(EC.presence_of_element_located((By.ID, "target-problematic")))
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": min(height, 5000), "deviceScaleFactor": 1, "mobile": False})
            path = os.path.join(out, shot + ".png")
            driver.save_screenshot(path)
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            print(f"{path}: {name}, {height} px")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
