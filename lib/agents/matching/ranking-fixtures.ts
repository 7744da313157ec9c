// Labelled (job, resume) pairs for measuring ranking quality of the matching pipeline.
// People, companies and contact details are invented. Labels are what a recruiter would say:
//   3 = strong fit, interview now; 2 = solid partial fit; 1 = weak fit (junior, overqualified,
//   adjacent field); 0 = wrong field.

export type RelevanceLabel = 0 | 1 | 2 | 3;

export interface FixtureJob {
  id: string;
  title: string;
  text: string;
}

export interface FixtureResume {
  id: string;
  text: string;
}

export interface FixtureLabel {
  jobId: string;
  resumeId: string;
  label: RelevanceLabel;
  why: string;
}

/** Fixed clock so "Present" resolves the same way on every run. */
export const FIXTURE_NOW = new Date("2025-06-01T00:00:00Z");

export const fixtureJobs: readonly FixtureJob[] = [
  {
    id: "backend-go",
    title: "Senior Backend Engineer (Go)",
    text: `Senior Backend Engineer (Go)
Northwind Logistics · Remote (EU)

About us
Northwind moves 40,000 parcels a day for independent retailers. We are a team of 35 engineers.

What you'll do
- Design and build microservices in Go that power routing and billing.
- Own services end to end: from API design to running them on Kubernetes in AWS.
- Improve reliability and observability of our platform.

Requirements
- 5+ years of professional backend development experience.
- Strong production experience with Go (Golang).
- Kubernetes and Docker in production.
- PostgreSQL: schema design and query tuning.
- AWS (EKS, RDS, S3).
- Designing REST or gRPC APIs.
- Bachelor's degree in Computer Science or equivalent practical experience.

Nice to have
- Terraform
- Apache Kafka or another event streaming platform
- Prometheus and Grafana

Benefits
Stock options, 30 days of vacation, learning budget.`,
  },
  {
    id: "frontend-react",
    title: "Frontend Engineer",
    text: `Frontend Engineer
Brightpath Learning

We're looking for a mid-level frontend engineer to build the student dashboard used by 2 million learners.

Responsibilities
- Build accessible, responsive interfaces with React and TypeScript.
- Work closely with designers in Figma and with backend engineers on REST APIs.
- Write tests and review code.

Must have
- 3+ years of experience building web applications.
- React, TypeScript and modern JavaScript.
- Solid HTML and CSS.
- Consuming REST APIs.

Bonus points
- Next.js
- GraphQL
- Jest or Cypress
- Web accessibility (WCAG)

Perks
Hybrid work, four-day week in summer.`,
  },
  {
    id: "data-scientist",
    title: "Data Scientist",
    text: `Data Scientist - Pricing
Helio Energy

About the role
You will build models that forecast demand and set tariffs for 300,000 households.

Qualifications
- Master's degree in Statistics, Computer Science, Physics or a related field (PhD preferred).
- 3+ years of experience applying machine learning in production.
- Expert Python: pandas, NumPy and scikit-learn.
- Strong SQL.
- Solid grounding in statistics and A/B testing.

Preferred
- PyTorch or TensorFlow.
- Apache Spark.
- Airflow.

What we offer
Relocation support and a yearly conference budget.`,
  },
  {
    id: "talent-acquisition",
    title: "Talent Acquisition Specialist",
    text: `Talent Acquisition Specialist
Crestline Health Group

About the role
Crestline is growing from 800 to 1,200 employees. You will own full-cycle recruiting for our corporate teams.

What you'll bring
- 3+ years of full-cycle recruiting experience, in-house or agency.
- Strong sourcing skills, including Boolean search and LinkedIn Recruiter.
- Experience running structured interviews and coaching hiring managers.
- Hands-on with an applicant tracking system (ATS).
- Working knowledge of employment law (EEO, FLSA).
- Stakeholder management with senior leaders.
- Bachelor's degree in Human Resources, Business or a related field.

Nice to have
- Greenhouse experience is a plus.
- HR analytics and reporting.
- Employer branding campaigns.
- SHRM-CP or PHR certification.

Benefits
Health, dental and vision from day one.`,
  },
  {
    id: "junior-devops",
    title: "Junior DevOps Engineer",
    text: `Junior DevOps Engineer
Pinecrest Software

This is an entry-level role on our four-person platform team.

What you'll do
- Maintain CI/CD pipelines in GitHub Actions.
- Automate server setup and routine tasks with Bash.
- Help run our AWS infrastructure.

Requirements
- 0-2 years of experience (internships count).
- Comfortable on the Linux command line.
- Docker.
- Git.
- Basic understanding of CI/CD.
- Some AWS exposure.
- Bachelor's degree in Computer Science or a related field, or equivalent practical experience.

Nice to have
- Kubernetes
- Terraform
- Python scripting`,
  },
];

export const fixtureResumes: readonly FixtureResume[] = [
  {
    id: "maya-go-senior",
    text: `Maya Patel
Senior Software Engineer
maya.patel@example.com | +44 20 7946 0958 | linkedin.com/in/maya-patel-dev

Summary
Backend engineer with 7 years of experience building distributed systems in Go.

Experience
Senior Software Engineer | Parcelwise | Jan 2021 – Present
- Led the migration of 14 services from a Python monolith to Go microservices on Kubernetes (EKS).
- Designed gRPC and REST APIs used by 40 internal teams.
- Cut p99 latency of the pricing API by 60% through PostgreSQL query tuning.
- Introduced Terraform for all AWS infrastructure; built Kafka consumers for shipment events.

Software Engineer | Fleetly | Jun 2018 – Dec 2020
- Built Go services for vehicle telemetry running in Docker on AWS.
- Set up Prometheus and Grafana dashboards for on-call.

Education
BSc Computer Science, University of Leeds, 2014 – 2018

Skills
Go, PostgreSQL, Kubernetes, Docker, AWS, gRPC, Terraform, Kafka, Prometheus, Grafana`,
  },
  {
    id: "tomas-alias-backend",
    text: `TOMÁS RIVERA
Backend Developer · tomas.rivera@example.org · (555) 010-4477

Tech: golang, k8s, psql, AWS, docker, REST, redis, CI/CD

Work history
Backend Developer, Kestrel Payments — 03/2019 - Present
  Wrote golang services for card settlement; deployed to k8s on AWS; psql schema design.
Junior Developer, Kestrel Payments — 06/2017 - 02/2019
  Maintained node services and REST endpoints; moved builds to docker.

Education
B.Sc. Software Engineering, Universidad de Chile (2013-2017)`,
  },
  {
    id: "liam-java-backend",
    text: `Liam O'Connor
Senior Java Engineer
liam.oconnor@example.net

Profile
Senior engineer with 8 years building high-throughput payment systems on the JVM.

Professional Experience
Senior Java Engineer, Ledgerline (2019 - Present)
- Java 17 and Spring Boot microservices on Kubernetes in AWS.
- MySQL sharding and Redis caching for 5k TPS.
- Mentored four engineers; ran code reviews.

Software Engineer, Bankly (2017 - 2019)
- REST APIs with Spring, Docker, Jenkins pipelines.

Education
BS in Computer Science, Trinity College Dublin, 2013-2017`,
  },
  {
    id: "aisha-junior-python",
    text: `Aisha Bello
Junior Software Engineer
aisha.bello@example.com

Experience
Junior Software Engineer — Tallyhome, Sep 2023 – Present
- Build Django REST APIs in Python backed by PostgreSQL.
- Containerised local development with Docker and Docker Compose.
- Added GitHub Actions workflows for tests and linting; wrote Bash deployment scripts on Linux.

Software Engineering Intern — Tallyhome, Jun 2022 – Aug 2022
- Wrote a small Go service for sending email receipts.

Education
Bachelor of Science in Computer Science, University of Lagos, 2019 – 2023

Skills
Python, Django, PostgreSQL, Docker, Git, Linux, Bash, GitHub Actions`,
  },
  {
    id: "sofia-frontend-senior",
    text: `Sofia Lindqvist
Senior Frontend Engineer
sofia.lindqvist@example.se | linkedin.com/in/sofialindqvist

Experience
Senior Frontend Engineer, Lumen Health (Feb 2021 - Present)
- Rebuilt the patient portal in React, TypeScript and Next.js; WCAG 2.1 AA accessibility audit passed.
- Introduced GraphQL with Apollo Client and a design system in Storybook.
- Jest and Cypress test suites with 85% coverage.

Frontend Developer, Nordic Trails (Aug 2018 - Jan 2021)
- JavaScript, HTML and CSS (Sass) for a booking site; consumed REST APIs.

Education
MSc Interaction Design, Chalmers University of Technology, 2016 - 2018

Skills: React, TypeScript, JavaScript, Next.js, GraphQL, HTML, CSS, Jest, Cypress, Figma`,
  },
  {
    id: "kenji-frontend-alias",
    text: `Kenji Watanabe
Web Developer
kenji.w@example.jp

Skills
React.js, TS, JS, HTML5/CSS3, Vue, REST API integration

Experience
Web Developer, Sakura Commerce, Jan 2023 - Present
- Built product pages in React.js and TS; migrated legacy jQuery widgets.
Frontend Intern, Sakura Commerce, Jul 2022 - Dec 2022
- Vue components and CSS fixes.

Education
Bachelor of Engineering, Osaka University, 2018 - 2022`,
  },
  {
    id: "priya-fullstack-node",
    text: `Priya Nair
Full Stack Developer
priya.nair@example.in | +91 98450 12345

Experience
Full Stack Developer, Cartify — Apr 2021 to now
- Node.js and Express back end with MongoDB; React front end in JavaScript.
- Deployed on AWS with Docker; built REST APIs for the mobile app.

Web Developer, Pixelcraft Studio — Jan 2020 to Mar 2021
- HTML, CSS and JavaScript sites for small businesses.

Education
B.Tech in Information Technology, 2015 - 2019`,
  },
  {
    id: "elena-data-scientist-phd",
    text: `Dr. Elena Petrova
Senior Data Scientist
elena.petrova@example.com

Summary
Data scientist with 6 years of experience in forecasting and experimentation.

Experience
Senior Data Scientist, GridSense (2021 - Present)
- Demand forecasting with gradient boosting and PyTorch; models served to 1M customers.
- Designed A/B testing framework and statistical analysis guidelines.
- Python (pandas, NumPy, scikit-learn), SQL on Snowflake, Apache Spark, Airflow.

Data Scientist, Quantify Labs (2019 - 2021)
- Machine learning models for churn; hypothesis testing for pricing experiments.

Education
PhD in Statistics, University of Amsterdam, 2015 - 2019
MSc Applied Mathematics, 2013 - 2015`,
  },
  {
    id: "marcus-data-analyst",
    text: `Marcus Green
Data Analyst
marcus.green@example.com

Experience
Data Analyst, ShopRight Retail | Mar 2021 - Present
- Built Tableau dashboards and SQL reports for merchandising.
- Analysed A/B tests for the checkout team; regression analysis in Python (pandas).
Business Analyst, ShopRight Retail | Jul 2019 - Feb 2021
- Excel models, pivot tables and weekly sales reporting.

Education
BA in Economics, University of Michigan, 2015 - 2019

Skills: SQL, Excel, Tableau, Python, pandas, statistics`,
  },
  {
    id: "wei-ml-engineer",
    text: `Wei Zhang
Machine Learning Engineer
wei.zhang@example.com

Experience
Machine Learning Engineer, VisionStack (2020 - Present)
- Trained and deployed computer vision models with PyTorch and TensorFlow.
- Built MLOps tooling: model registry with MLflow, serving on Kubernetes with Docker.
- Python and SQL for feature pipelines.

Software Engineer, Datawise (2018 - 2020)
- Python data services and REST APIs.

Education
MS in Computer Science, Carnegie Mellon University, 2016 - 2018`,
  },
  {
    id: "hannah-recruiter",
    text: `Hannah Schmidt, SHRM-CP
Senior Technical Recruiter
hannah.schmidt@example.com | linkedin.com/in/hannahschmidt

Experience
Senior Technical Recruiter, Brightwave Software — Jan 2021 – Present
- Full-cycle recruiting for engineering and product: 60+ hires per year.
- Sourcing with Boolean search and LinkedIn Recruiter; structured interviews and interviewer training.
- Greenhouse admin; built HR reporting dashboards on funnel conversion.
- Stakeholder management with VPs; ensured EEO and FLSA compliance in offers.

Recruiter, Talentbridge Agency — Jun 2018 – Dec 2020
- Agency recruiting for healthcare and finance clients; candidate screening and onboarding.
- Employer branding campaigns on LinkedIn.

Education
Bachelor of Arts in Psychology, University of Texas at Austin, 2014 – 2018`,
  },
  {
    id: "carlos-hr-generalist",
    text: `Carlos Mendes
HR Generalist
carlos.mendes@example.com

Experience
HR Generalist, Alto Manufacturing (2020 - Present)
- Employee relations investigations, performance management and payroll for 400 staff.
- Benefits administration and onboarding; Workday HRIS administrator.
- Supported hiring managers with recruiting for plant roles and interview scheduling.

HR Assistant, Alto Manufacturing (2018 - 2020)
- New hire orientation, HR records, labor law postings.

Education
BBA, Human Resources Management, Universidade de São Paulo, 2014 - 2018`,
  },
  {
    id: "grace-nurse",
    text: `Grace Okafor, RN
Registered Nurse
grace.okafor@example.com | 555-201-7788

Experience
Charge Nurse, St. Mary's Hospital, Jan 2019 - Present
- Patient care and patient education on a 32-bed surgical ward.
- Documentation in Epic EHR; precepted new graduate nurses.
Staff Nurse, Riverside Clinic, Aug 2016 - Dec 2018
- Triage, phlebotomy and medication administration.

Education
Bachelor of Science in Nursing, University of Ibadan, 2012 - 2016

Certifications
BLS, ACLS`,
  },
  {
    id: "robert-principal-sre",
    text: `Robert Kowalski
Principal Site Reliability Engineer
robert.kowalski@example.com

Summary
16 years running large-scale infrastructure; led SRE organisations of 20+ engineers.

Experience
Principal Site Reliability Engineer, Streamly (2017 - Present)
- Kubernetes platform for 900 services on AWS; Terraform and Helm for everything.
- Incident management and SLOs; Go and Python tooling.
Staff Systems Engineer, Hostwell (2012 - 2017)
- Linux fleet automation with Bash and Ansible; CI/CD with Jenkins; Docker adoption.
Systems Administrator, Hostwell (2009 - 2012)
- Linux servers, Git, Nginx.

Education
BS in Computer Engineering, Warsaw University of Technology, 2005 - 2009`,
  },
  {
    id: "emily-junior-devops",
    text: `Emily Chen
Junior DevOps Engineer
emily.chen@example.com

Experience
Junior DevOps Engineer, Cloudberry, Aug 2024 - Present
- Maintain GitHub Actions CI/CD pipelines and Docker images for 12 services.
- AWS (EC2, S3, IAM) administration; Terraform modules for staging.
DevOps Intern, Cloudberry, Jun 2023 - Aug 2023
- Bash and Python scripts to automate Linux server setup; Git workflows.

Education
BS in Computer Science, University of Washington, 2020 - 2024

Skills: Linux, Docker, Git, CI/CD, AWS, Bash, Python, Terraform`,
  },
  {
    id: "jordan-sales",
    text: `Jordan Blake
Enterprise Account Executive
jordan.blake@example.com

Experience
Enterprise Account Executive, SaaSly (2020 - Present)
- B2B sales of HR software; 130% quota attainment; Salesforce pipeline management.
- Contract negotiation with procurement teams; key account management.
Sales Development Representative, SaaSly (2018 - 2020)
- Lead generation and cold outreach.

Education
BA in Communications, Ohio State University, 2014 - 2018`,
  },
  {
    id: "olivia-teacher-to-recruiting",
    text: `Olivia Brown
Recruiting Coordinator
olivia.brown@example.com

Experience
Recruiting Coordinator, Maple Schools Network, Sep 2024 - Present
- Interview scheduling and candidate communication in Greenhouse.
- Onboarding paperwork for new teachers.
Teacher, Lincoln Middle School, Aug 2018 - Jun 2024
- Curriculum development and classroom management for grade 7 science.

Education
Bachelor of Arts in Biology, University of Oregon, 2014 - 2018`,
  },
];

export const fixtureLabels: readonly FixtureLabel[] = [
  // Senior Backend Engineer (Go)
  {
    jobId: "backend-go",
    resumeId: "maya-go-senior",
    label: 3,
    why: "Go, Kubernetes, PostgreSQL, AWS; 7 years",
  },
  { jobId: "backend-go", resumeId: "tomas-alias-backend", label: 3, why: "same stack written as aliases" },
  { jobId: "backend-go", resumeId: "liam-java-backend", label: 2, why: "senior backend, Java not Go" },
  {
    jobId: "backend-go",
    resumeId: "robert-principal-sre",
    label: 2,
    why: "strong infra, Go tooling, above the level",
  },
  {
    jobId: "backend-go",
    resumeId: "priya-fullstack-node",
    label: 1,
    why: "Node full stack, no Go or Kubernetes",
  },
  { jobId: "backend-go", resumeId: "aisha-junior-python", label: 1, why: "junior, Python backend" },
  { jobId: "backend-go", resumeId: "wei-ml-engineer", label: 1, why: "ML engineering, some Kubernetes" },
  { jobId: "backend-go", resumeId: "grace-nurse", label: 0, why: "nursing" },
  { jobId: "backend-go", resumeId: "jordan-sales", label: 0, why: "sales" },
  { jobId: "backend-go", resumeId: "hannah-recruiter", label: 0, why: "recruiting" },
  // Frontend Engineer
  {
    jobId: "frontend-react",
    resumeId: "sofia-frontend-senior",
    label: 3,
    why: "React, TypeScript, Next.js, a11y",
  },
  { jobId: "frontend-react", resumeId: "kenji-frontend-alias", label: 2, why: "React/TS aliases, 2.5 years" },
  {
    jobId: "frontend-react",
    resumeId: "priya-fullstack-node",
    label: 2,
    why: "React and JavaScript, no TypeScript",
  },
  { jobId: "frontend-react", resumeId: "liam-java-backend", label: 1, why: "backend engineer" },
  { jobId: "frontend-react", resumeId: "aisha-junior-python", label: 1, why: "junior backend" },
  { jobId: "frontend-react", resumeId: "grace-nurse", label: 0, why: "nursing" },
  { jobId: "frontend-react", resumeId: "jordan-sales", label: 0, why: "sales" },
  { jobId: "frontend-react", resumeId: "carlos-hr-generalist", label: 0, why: "HR" },
  // Data Scientist
  {
    jobId: "data-scientist",
    resumeId: "elena-data-scientist-phd",
    label: 3,
    why: "PhD, forecasting, A/B testing",
  },
  { jobId: "data-scientist", resumeId: "wei-ml-engineer", label: 2, why: "ML engineer, weaker statistics" },
  { jobId: "data-scientist", resumeId: "marcus-data-analyst", label: 1, why: "analyst, no ML, BA only" },
  { jobId: "data-scientist", resumeId: "aisha-junior-python", label: 1, why: "junior Python developer" },
  { jobId: "data-scientist", resumeId: "maya-go-senior", label: 0, why: "backend engineer" },
  { jobId: "data-scientist", resumeId: "grace-nurse", label: 0, why: "nursing" },
  { jobId: "data-scientist", resumeId: "jordan-sales", label: 0, why: "sales" },
  // Talent Acquisition Specialist
  {
    jobId: "talent-acquisition",
    resumeId: "hannah-recruiter",
    label: 3,
    why: "full-cycle recruiter, Greenhouse",
  },
  {
    jobId: "talent-acquisition",
    resumeId: "carlos-hr-generalist",
    label: 2,
    why: "HR generalist with some hiring",
  },
  {
    jobId: "talent-acquisition",
    resumeId: "olivia-teacher-to-recruiting",
    label: 1,
    why: "career changer, coordinator",
  },
  { jobId: "talent-acquisition", resumeId: "jordan-sales", label: 0, why: "sales" },
  { jobId: "talent-acquisition", resumeId: "grace-nurse", label: 0, why: "nursing" },
  { jobId: "talent-acquisition", resumeId: "maya-go-senior", label: 0, why: "engineering" },
  { jobId: "talent-acquisition", resumeId: "sofia-frontend-senior", label: 0, why: "engineering" },
  // Junior DevOps Engineer
  { jobId: "junior-devops", resumeId: "emily-junior-devops", label: 3, why: "exactly the profile" },
  {
    jobId: "junior-devops",
    resumeId: "aisha-junior-python",
    label: 2,
    why: "junior dev with Docker, Linux, CI",
  },
  {
    jobId: "junior-devops",
    resumeId: "robert-principal-sre",
    label: 1,
    why: "principal, heavily overqualified",
  },
  { jobId: "junior-devops", resumeId: "tomas-alias-backend", label: 1, why: "senior backend, overqualified" },
  { jobId: "junior-devops", resumeId: "kenji-frontend-alias", label: 1, why: "junior, frontend only" },
  { jobId: "junior-devops", resumeId: "grace-nurse", label: 0, why: "nursing" },
  { jobId: "junior-devops", resumeId: "jordan-sales", label: 0, why: "sales" },
];
